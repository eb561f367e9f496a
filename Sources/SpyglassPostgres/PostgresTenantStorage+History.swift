import Foundation
import NIOCore
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// Check runs, snapshots and changes.
extension PostgresTenantStorage {
    func recordCheck(_ result: CheckResult) async throws {
        let tenant = self.tenant
        if let stranger = result.events.first(where: { $0.tenantID != tenant }) {
            throw StorageError(.conflict, "event \(stranger.id) belongs to another tenant")
        }
        let compressed = try result.snapshotText.map { try ContentCompression.compress($0) }
        try await pool.withTenant(tenantID) { connection in
            let logger = connection.logger
            if let snapshot = result.snapshot, let text = result.snapshotText, let compressed {
                // Content-addressed: the same text is stored once however many snapshots point at it.
                try await connection.query(
                    """
                    INSERT INTO contents (tenant_id, hash, byte_count, compressed)
                    VALUES (\(tenant), \(snapshot.contentHash), \(text.utf8.count), \(compressed))
                    ON CONFLICT (tenant_id, hash) DO NOTHING
                    """, logger: logger)
                try await connection.query(
                    """
                    INSERT INTO snapshots (id, tenant_id, monitor_id, content_hash, byte_count, captured_at, facts)
                    VALUES (\(snapshot.id.rawValue), \(tenant), \(snapshot.monitorID.rawValue), \(snapshot.contentHash),
                        \(snapshot.byteCount), \(snapshot.capturedAt), \(text: snapshot.factsJSON))
                    """, logger: logger)
            }
            if let c = result.change {
                try await connection.query(
                    """
                    INSERT INTO changes (id, tenant_id, monitor_id, competitor_id, previous_snapshot_id, snapshot_id,
                        added, removed, diff, summary, detected_at, category, confidence, significance, reasons, deltas,
                        suppressed)
                    VALUES (\(c.id.rawValue), \(tenant), \(c.monitorID.rawValue), \(c.competitorID.rawValue),
                        \(c.previousSnapshotID.rawValue), \(c.snapshotID.rawValue), \(Stored.json(c.added)),
                        \(Stored.json(c.removed)), \(text: c.diff), \(text: c.summary), \(c.detectedAt), \(text: c.category),
                        \(c.confidence), \(c.significance), \(Stored.json(c.reasons)), \(text: c.deltasJSON),
                        \(text: c.suppressedJSON))
                    """, logger: logger)
            }
            let r = result.run
            try await connection.query(
                """
                INSERT INTO check_runs (id, tenant_id, monitor_id, job_id, outcome, error_code, reason, snapshot_id,
                    change_id, suppressed, started_at, finished_at)
                VALUES (\(r.id.rawValue), \(tenant), \(r.monitorID.rawValue), \(r.jobID?.rawValue),
                    \(r.outcome.rawValue), \(text: r.errorCode), \(text: r.reason), \(r.snapshotID?.rawValue),
                    \(r.changeID?.rawValue), \(text: r.suppressedJSON), \(r.startedAt), \(r.finishedAt))
                """, logger: logger)
            _ = try await Self.updateMonitor(result.monitor, tenant: tenant, connection: connection)
            for (delivery, job) in result.deliveries {
                try await Self.insertDelivery(delivery, tenant: tenant, connection: connection)
                try await PostgresJobRows.insertRequired(job, connection: connection)
            }
            // The outbox: the events announcing this result commit with it, or not at all. Appended
            // last, so the append lock is held only from here to the commit.
            try await PostgresEventRows.append(result.events, connection: connection)
        }
        if !result.events.isEmpty { pool.eventWrites.wakeAll() }
    }

    func checks(monitorID: Monitor.ID, page: PageRequest) async throws -> Page<CheckRun> {
        try await list(
            "SELECT * FROM check_runs WHERE tenant_id = \(tenant) AND monitor_id = \(monitorID.rawValue)", page: page,
            descending: true, map: PostgresRowMapping.checkRun, key: { $0.id.rawValue })
    }

    func snapshot(_ id: Snapshot.ID) async throws -> Snapshot? {
        try await one(
            "SELECT * FROM snapshots WHERE tenant_id = \(tenant) AND id = \(id.rawValue)",
            map: PostgresRowMapping.snapshot)
    }

    func snapshots(monitorID: Monitor.ID, page: PageRequest) async throws -> Page<Snapshot> {
        try await list(
            "SELECT * FROM snapshots WHERE tenant_id = \(tenant) AND monitor_id = \(monitorID.rawValue)", page: page,
            descending: true, map: PostgresRowMapping.snapshot, key: { $0.id.rawValue })
    }

    func snapshotText(_ id: Snapshot.ID) async throws -> String? {
        let stored = try await one(
            """
            SELECT c.compressed AS compressed, c.byte_count AS byte_count FROM snapshots s
            JOIN contents c ON c.tenant_id = s.tenant_id AND c.hash = s.content_hash
            WHERE s.tenant_id = \(tenant) AND s.id = \(id.rawValue)
            """,
            map: { row in (compressed: try row.value("compressed", as: ByteBuffer.self), size: try row.int("byte_count")) })
        guard let stored else { return nil }
        return try ContentCompression.decompress(stored.compressed, expectedSize: stored.size)
    }

    func change(_ id: Change.ID) async throws -> Change? {
        try await one(
            "SELECT * FROM changes WHERE tenant_id = \(tenant) AND id = \(id.rawValue)", map: PostgresRowMapping.change)
    }

    func changes(filter: ChangeFilter, page: PageRequest) async throws -> Page<Change> {
        try await list(changeQuery(filter), page: page, descending: true, map: PostgresRowMapping.change,
                       key: { $0.id.rawValue })
    }

    func rankedChanges(filter: ChangeFilter, limit: Int, offset: Int) async throws -> [Change] {
        var query = changeQuery(filter)
        query.binds.append(max(0, limit))
        query.sql += " ORDER BY significance DESC, id DESC LIMIT $\(query.binds.count)"
        query.binds.append(max(0, offset))
        query.sql += " OFFSET $\(query.binds.count)"
        return try await run(query, map: PostgresRowMapping.change)
    }

    /// `SELECT * FROM changes WHERE …` for a filter.
    func changeQuery(_ filter: ChangeFilter) -> PostgresQuery {
        var query: PostgresQuery = "SELECT * FROM changes WHERE tenant_id = \(tenant)"
        if let monitorID = filter.monitorID {
            query.and("monitor_id", "=", monitorID.rawValue)
        }
        if let competitorID = filter.competitorID {
            query.and("competitor_id", "=", competitorID.rawValue)
        }
        if let since = filter.since {
            query.and("detected_at", ">=", since)
        }
        if let until = filter.until {
            query.and("detected_at", "<", until)
        }
        if let category = filter.category {
            query.and("category", "=", Stored.text(category))
        }
        if let minimum = filter.minSignificance {
            query.and("significance", ">=", minimum)
        }
        return query
    }
}
