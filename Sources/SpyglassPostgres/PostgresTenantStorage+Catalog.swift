import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// Competitors and monitors.
extension PostgresTenantStorage {
    func insertCompetitor(_ c: Competitor) async throws {
        try await insert(
            """
            INSERT INTO competitors (id, tenant_id, name, website, tags, created_at, updated_at)
            VALUES (\(c.id.rawValue), \(tenant), \(text: c.name), \(text: c.website), \(Stored.json(c.tags)), \(c.createdAt),
                \(c.updatedAt))
            """)
    }

    func competitor(_ id: Competitor.ID) async throws -> Competitor? {
        try await one(
            "SELECT * FROM competitors WHERE tenant_id = \(tenant) AND id = \(id.rawValue)",
            map: PostgresRowMapping.competitor)
    }

    func competitors(page: PageRequest) async throws -> Page<Competitor> {
        try await list(
            "SELECT * FROM competitors WHERE tenant_id = \(tenant)", page: page, descending: false,
            map: PostgresRowMapping.competitor, key: { $0.id.rawValue })
    }

    func updateCompetitor(_ c: Competitor) async throws -> Bool {
        try await touched(
            """
            UPDATE competitors SET name = \(text: c.name), website = \(text: c.website), tags = \(Stored.json(c.tags)),
                updated_at = \(c.updatedAt)
            WHERE tenant_id = \(tenant) AND id = \(c.id.rawValue)
            """)
    }

    func deleteCompetitor(_ id: Competitor.ID) async throws -> Bool {
        try await touched("DELETE FROM competitors WHERE tenant_id = \(tenant) AND id = \(id.rawValue)")
    }

    func insertMonitor(_ m: Monitor) async throws {
        try await insert(
            """
            INSERT INTO monitors (id, tenant_id, competitor_id, url, kind, selector, interval_seconds, enabled,
                next_check_at, last_checked_at, etag, last_modified, last_snapshot_id, noise_rules, pinned_category,
                significance_threshold, version_history, created_at, updated_at, exclude_selectors)
            VALUES (\(m.id.rawValue), \(tenant), \(m.competitorID.rawValue), \(text: m.url), \(m.kind.rawValue),
                \(text: m.selector), \(m.intervalSeconds), \(m.enabled), \(m.nextCheckAt), \(m.lastCheckedAt),
                \(text: m.etag), \(text: m.lastModified), \(m.lastSnapshotID?.rawValue), \(text: m.noiseRulesJSON),
                \(text: m.pinnedCategory), \(m.significanceThreshold), \(text: m.versionHistoryJSON), \(m.createdAt),
                \(m.updatedAt), \(Stored.json(m.excludeSelectors)))
            """)
    }

    func monitor(_ id: Monitor.ID) async throws -> Monitor? {
        try await one(
            "SELECT * FROM monitors WHERE tenant_id = \(tenant) AND id = \(id.rawValue)",
            map: PostgresRowMapping.monitor)
    }

    func monitors(competitorID: Competitor.ID?, page: PageRequest) async throws -> Page<Monitor> {
        var query: PostgresQuery = "SELECT * FROM monitors WHERE tenant_id = \(tenant)"
        if let competitorID {
            query.and("competitor_id", "=", competitorID.rawValue)
        }
        return try await list(
            query, page: page, descending: false, map: PostgresRowMapping.monitor, key: { $0.id.rawValue })
    }

    func updateMonitor(_ m: Monitor) async throws -> Bool {
        let tenant = self.tenant
        return try await pool.withTenant(tenantID) { connection in
            try await Self.updateMonitor(m, tenant: tenant, connection: connection)
        }
    }

    /// The monitor's whole state, inside the caller's transaction (a check records it with its results);
    /// `tenant` is the store's own, not the record's, so a record naming another tenant touches nothing.
    static func updateMonitor(_ m: Monitor, tenant: String, connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            """
            UPDATE monitors SET url = \(text: m.url), kind = \(m.kind.rawValue), selector = \(text: m.selector),
                interval_seconds = \(m.intervalSeconds), enabled = \(m.enabled), next_check_at = \(m.nextCheckAt),
                last_checked_at = \(m.lastCheckedAt), etag = \(text: m.etag), last_modified = \(text: m.lastModified),
                last_snapshot_id = \(m.lastSnapshotID?.rawValue), noise_rules = \(text: m.noiseRulesJSON),
                pinned_category = \(text: m.pinnedCategory), significance_threshold = \(m.significanceThreshold),
                version_history = \(text: m.versionHistoryJSON), exclude_selectors = \(Stored.json(m.excludeSelectors)),
                updated_at = \(m.updatedAt)
            WHERE tenant_id = \(tenant) AND id = \(m.id.rawValue)
            RETURNING 1
            """, logger: connection.logger
        ).mapAll { _ in true }.isEmpty
    }

    func deleteMonitor(_ id: Monitor.ID) async throws -> Bool {
        try await touched("DELETE FROM monitors WHERE tenant_id = \(tenant) AND id = \(id.rawValue)")
    }
}
