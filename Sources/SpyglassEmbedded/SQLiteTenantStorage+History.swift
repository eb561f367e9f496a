import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// Check runs, snapshots and changes.
extension SQLiteTenantStorage {
    func recordCheck(_ result: CheckResult) async throws {
        let tenant = self.tenant
        if let stranger = result.events.first(where: { $0.tenantID != tenantID.rawValue }) {
            throw StorageError(.conflict, "event \(stranger.id) belongs to another tenant")
        }
        let compressed = try result.snapshotText.map { try ContentCompression.compress($0) }
        try await database.write { session in
            if let snapshot = result.snapshot, let text = result.snapshotText, let compressed {
                // Content-addressed: the same text is stored once however many snapshots point at it.
                try await session.execute(
                    "INSERT OR IGNORE INTO contents (tenant_id, hash, byte_count, compressed) VALUES (?,?,?,?)",
                    [tenant, .text(snapshot.contentHash), .integer(text.utf8.count), .blob(compressed)])
                try await session.execute(
                    """
                    INSERT INTO snapshots (id, tenant_id, monitor_id, content_hash, byte_count, captured_at, facts)
                    VALUES (?,?,?,?,?,?,?)
                    """,
                    [.id(snapshot.id), tenant, .id(snapshot.monitorID), .text(snapshot.contentHash),
                     .integer(snapshot.byteCount), .date(snapshot.capturedAt), .text(snapshot.factsJSON)])
            }
            if let c = result.change {
                try await session.execute(
                    """
                    INSERT INTO changes (id, tenant_id, monitor_id, competitor_id, previous_snapshot_id, snapshot_id,
                        added, removed, diff, summary, detected_at, category, confidence, significance, reasons, deltas,
                        suppressed)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                    """,
                    [.id(c.id), tenant, .id(c.monitorID), .id(c.competitorID), .id(c.previousSnapshotID),
                     .id(c.snapshotID), .jsonArray(c.added), .jsonArray(c.removed), .text(c.diff), .text(c.summary),
                     .date(c.detectedAt), .optionalText(c.category), c.confidence.map { .float($0) } ?? .null,
                     .integer(c.significance), .jsonArray(c.reasons), .text(c.deltasJSON), .text(c.suppressedJSON)])
            }
            let r = result.run
            try await session.execute(
                """
                INSERT INTO check_runs (id, tenant_id, monitor_id, job_id, outcome, error_code, reason, snapshot_id,
                    change_id, suppressed, started_at, finished_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
                """,
                [.id(r.id), tenant, .id(r.monitorID), .optionalID(r.jobID), .text(r.outcome.rawValue),
                 .optionalText(r.errorCode), .optionalText(r.reason), .optionalID(r.snapshotID), .optionalID(r.changeID),
                 .text(r.suppressedJSON), .date(r.startedAt), .date(r.finishedAt)])
            _ = try await Self.updateMonitor(result.monitor, tenant: tenant, session: session)
            for (delivery, job) in result.deliveries {
                try await Self.insertDelivery(delivery, session: session)
                try await SQLiteJobQueue.insert(job, session: session)
            }
            // The outbox: the events announcing this result commit with it, or not at all.
            for event in result.events {
                try await SQLiteEventRows.insert(event, session: session)
            }
        }
        if !result.events.isEmpty { database.eventWrites.wakeAll() }
    }

    func checks(monitorID: Monitor.ID, page: PageRequest) async throws -> Page<CheckRun> {
        try await list(
            "SELECT * FROM check_runs WHERE tenant_id = ? AND monitor_id = ?", [tenant, .id(monitorID)], page: page,
            descending: true, map: RowMapping.checkRun, key: { $0.id.rawValue })
    }

    func snapshot(_ id: Snapshot.ID) async throws -> Snapshot? {
        try await one("SELECT * FROM snapshots WHERE tenant_id = ? AND id = ?", [tenant, .id(id)], map: RowMapping.snapshot)
    }

    func snapshots(monitorID: Monitor.ID, page: PageRequest) async throws -> Page<Snapshot> {
        try await list(
            "SELECT * FROM snapshots WHERE tenant_id = ? AND monitor_id = ?", [tenant, .id(monitorID)], page: page,
            descending: true, map: RowMapping.snapshot, key: { $0.id.rawValue })
    }

    func snapshotText(_ id: Snapshot.ID) async throws -> String? {
        let row = try await one(
            """
            SELECT c.compressed AS compressed, c.byte_count AS byte_count FROM snapshots s
            JOIN contents c ON c.tenant_id = s.tenant_id AND c.hash = s.content_hash
            WHERE s.tenant_id = ? AND s.id = ?
            """, [tenant, .id(id)], map: { $0 })
        guard let row else { return nil }
        guard let blob = row.column("compressed")?.blob else { throw StorageError(.corrupt, "snapshot content missing") }
        return try ContentCompression.decompress(blob, expectedSize: try row.int("byte_count"))
    }

    func change(_ id: Change.ID) async throws -> Change? {
        try await one("SELECT * FROM changes WHERE tenant_id = ? AND id = ?", [tenant, .id(id)], map: RowMapping.change)
    }

    func changes(filter: ChangeFilter, page: PageRequest) async throws -> Page<Change> {
        let (sql, binds) = Self.changeQuery(filter, tenant: tenant)
        return try await list(sql, binds, page: page, descending: true, map: RowMapping.change, key: { $0.id.rawValue })
    }

    func rankedChanges(filter: ChangeFilter, limit: Int, offset: Int) async throws -> [Change] {
        let (sql, binds) = Self.changeQuery(filter, tenant: tenant)
        let rows = try await database.read { session in
            try await session.query(
                sql + " ORDER BY significance DESC, id DESC LIMIT ? OFFSET ?",
                binds + [.integer(max(0, limit)), .integer(max(0, offset))])
        }
        return try rows.map(RowMapping.change)
    }

    /// `SELECT * FROM changes WHERE …` for a filter, with its binds.
    static func changeQuery(_ filter: ChangeFilter, tenant: SQLiteData) -> (String, [SQLiteData]) {
        var sql = "SELECT * FROM changes WHERE tenant_id = ?"
        var binds = [tenant]
        if let monitorID = filter.monitorID {
            sql += " AND monitor_id = ?"
            binds.append(.id(monitorID))
        }
        if let competitorID = filter.competitorID {
            sql += " AND competitor_id = ?"
            binds.append(.id(competitorID))
        }
        if let since = filter.since {
            sql += " AND detected_at >= ?"
            binds.append(.date(since))
        }
        if let until = filter.until {
            sql += " AND detected_at < ?"
            binds.append(.date(until))
        }
        if let category = filter.category {
            sql += " AND category = ?"
            binds.append(.text(category))
        }
        if let minimum = filter.minSignificance {
            sql += " AND significance >= ?"
            binds.append(.integer(minimum))
        }
        return (sql, binds)
    }
}
