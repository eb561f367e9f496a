import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// The weekly activity projection: counters per competitor, week (a `YYYY-MM-DD`
/// Monday, UTC) and category (`''` for none), fed once per processed event.
extension SQLiteTenantStorage {
    func recordChangeActivity(_ activity: ChangeActivity, eventID: String, consumer: String) async throws -> Bool {
        let tenant = self.tenant
        return try await database.write { session in
            try await session.execute(
                "INSERT OR IGNORE INTO processed_events (consumer, event_id, tenant_id, processed_at) VALUES (?,?,?,?)",
                [.text(consumer), .text(eventID), tenant, .date(Date())])
            guard try await session.changes() > 0 else { return false }
            // Counted only while the competitor exists (a change may arrive after its deletion).
            try await session.execute(
                """
                INSERT INTO competitor_activity (tenant_id, competitor_id, week_start, category, changes,
                    significant_changes)
                SELECT tenant_id, id, date(?, 'unixepoch'), ?, 1, ? FROM competitors WHERE tenant_id = ? AND id = ?
                ON CONFLICT(tenant_id, competitor_id, week_start, category) DO UPDATE SET
                    changes = changes + 1, significant_changes = significant_changes + excluded.significant_changes
                """,
                [.date(activity.weekStart), .text(activity.category ?? ""), .integer(activity.isSignificant ? 1 : 0),
                 tenant, .id(activity.competitorID)])
            return true
        }
    }

    func activity(competitorID: Competitor.ID?, since: Date?) async throws -> [ActivityWeek] {
        var sql = """
            SELECT competitor_id, CAST(strftime('%s', week_start) AS INTEGER) AS week_seconds, category, changes,
                significant_changes
            FROM competitor_activity WHERE tenant_id = ?
            """
        var binds = [tenant]
        if let competitorID {
            sql += " AND competitor_id = ?"
            binds.append(.id(competitorID))
        }
        if let since {
            sql += " AND week_start >= date(?, 'unixepoch')"
            binds.append(.date(ActivityWeek.start(of: since)))
        }
        sql += " ORDER BY week_start, competitor_id, category"
        let rows = try await database.read { session in try await session.query(sql, binds) }
        return try rows.map { row in
            let category = try row.string("category")
            return ActivityWeek(
                competitorID: try row.id("competitor_id"),
                weekStart: Date(timeIntervalSince1970: Double(try row.int("week_seconds"))),
                category: category.isEmpty ? nil : category, changes: try row.int("changes"),
                significantChanges: try row.int("significant_changes"))
        }
    }
}
