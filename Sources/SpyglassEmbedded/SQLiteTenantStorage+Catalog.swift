import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// Competitors and monitors.
extension SQLiteTenantStorage {
    func insertCompetitor(_ c: Competitor) async throws {
        try await insert(
            "INSERT INTO competitors (id, tenant_id, name, website, tags, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
            [.id(c.id), tenant, .text(c.name), .optionalText(c.website), .jsonArray(c.tags), .date(c.createdAt),
             .date(c.updatedAt)])
    }

    func competitor(_ id: Competitor.ID) async throws -> Competitor? {
        try await one(
            "SELECT * FROM competitors WHERE tenant_id = ? AND id = ?", [tenant, .id(id)], map: RowMapping.competitor)
    }

    func competitors(page: PageRequest) async throws -> Page<Competitor> {
        try await list(
            "SELECT * FROM competitors WHERE tenant_id = ?", [tenant], page: page, descending: false,
            map: RowMapping.competitor, key: { $0.id.rawValue })
    }

    func updateCompetitor(_ c: Competitor) async throws -> Bool {
        try await touched(
            "UPDATE competitors SET name = ?, website = ?, tags = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
            [.text(c.name), .optionalText(c.website), .jsonArray(c.tags), .date(c.updatedAt), tenant, .id(c.id)])
    }

    func deleteCompetitor(_ id: Competitor.ID) async throws -> Bool {
        try await touched("DELETE FROM competitors WHERE tenant_id = ? AND id = ?", [tenant, .id(id)])
    }

    func insertMonitor(_ m: Monitor) async throws {
        try await insert(
            """
            INSERT INTO monitors (id, tenant_id, competitor_id, url, kind, selector, interval_seconds, enabled,
                next_check_at, last_checked_at, etag, last_modified, last_snapshot_id, noise_rules, pinned_category,
                significance_threshold, version_history, created_at, updated_at, exclude_selectors)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """,
            [.id(m.id), tenant, .id(m.competitorID), .text(m.url), .text(m.kind.rawValue), .optionalText(m.selector),
             .integer(m.intervalSeconds), .bool(m.enabled), .date(m.nextCheckAt), .optionalDate(m.lastCheckedAt),
             .optionalText(m.etag), .optionalText(m.lastModified), .optionalID(m.lastSnapshotID),
             .optionalText(m.noiseRulesJSON), .optionalText(m.pinnedCategory), .integer(m.significanceThreshold),
             .optionalText(m.versionHistoryJSON), .date(m.createdAt), .date(m.updatedAt), .jsonArray(m.excludeSelectors)])
    }

    func monitor(_ id: Monitor.ID) async throws -> Monitor? {
        try await one("SELECT * FROM monitors WHERE tenant_id = ? AND id = ?", [tenant, .id(id)], map: RowMapping.monitor)
    }

    func monitors(competitorID: Competitor.ID?, page: PageRequest) async throws -> Page<Monitor> {
        var sql = "SELECT * FROM monitors WHERE tenant_id = ?"
        var binds = [tenant]
        if let competitorID {
            sql += " AND competitor_id = ?"
            binds.append(.id(competitorID))
        }
        return try await list(sql, binds, page: page, descending: false, map: RowMapping.monitor, key: { $0.id.rawValue })
    }

    func updateMonitor(_ m: Monitor) async throws -> Bool {
        let tenant = self.tenant
        return try await database.write { session in
            try await Self.updateMonitor(m, tenant: tenant, session: session)
        }
    }

    /// `tenant` is the store's own, not the record's: a record naming another tenant touches nothing.
    static func updateMonitor(_ m: Monitor, tenant: SQLiteData, session: SQLSession) async throws -> Bool {
        try await session.execute(
            """
            UPDATE monitors SET url = ?, kind = ?, selector = ?, interval_seconds = ?, enabled = ?, next_check_at = ?,
                last_checked_at = ?, etag = ?, last_modified = ?, last_snapshot_id = ?, noise_rules = ?,
                pinned_category = ?, significance_threshold = ?, version_history = ?, exclude_selectors = ?,
                updated_at = ?
            WHERE tenant_id = ? AND id = ?
            """,
            [.text(m.url), .text(m.kind.rawValue), .optionalText(m.selector), .integer(m.intervalSeconds),
             .bool(m.enabled), .date(m.nextCheckAt), .optionalDate(m.lastCheckedAt), .optionalText(m.etag),
             .optionalText(m.lastModified), .optionalID(m.lastSnapshotID), .optionalText(m.noiseRulesJSON),
             .optionalText(m.pinnedCategory), .integer(m.significanceThreshold), .optionalText(m.versionHistoryJSON),
             .jsonArray(m.excludeSelectors), .date(m.updatedAt), tenant, .id(m.id)])
        return try await session.changes() > 0
    }

    func deleteMonitor(_ id: Monitor.ID) async throws -> Bool {
        try await touched("DELETE FROM monitors WHERE tenant_id = ? AND id = ?", [tenant, .id(id)])
    }
}
