import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// The weekly activity projection: counters per competitor, week (a `date`, the
/// Monday in UTC) and category (`''` for none), fed once per processed event.
/// Weeks go in and out as UTC midnights, whatever the session's time zone.
extension PostgresTenantStorage {
    func recordChangeActivity(_ activity: ChangeActivity, eventID: String, consumer: String) async throws -> Bool {
        let tenant = self.tenant
        return try await pool.withTenant(tenantID) { connection in
            let logger = connection.logger
            let first = try await connection.query(
                """
                INSERT INTO processed_events (consumer, event_id, tenant_id, processed_at)
                VALUES (\(consumer), \(eventID), \(tenant), \(Date()))
                ON CONFLICT (consumer, event_id) DO NOTHING RETURNING 1
                """, logger: logger
            ).collect()
            guard !first.isEmpty else { return false }
            // Counted only while the competitor exists (a change may arrive after its deletion).
            try await connection.query(
                """
                INSERT INTO competitor_activity (tenant_id, competitor_id, week_start, category, changes,
                    significant_changes)
                SELECT tenant_id, id, (\(activity.weekStart)::timestamptz AT TIME ZONE 'UTC')::date,
                    \(text: activity.category ?? ""), 1, \(activity.isSignificant ? 1 : 0)
                FROM competitors WHERE tenant_id = \(tenant) AND id = \(activity.competitorID.rawValue)
                ON CONFLICT (tenant_id, competitor_id, week_start, category) DO UPDATE SET
                    changes = competitor_activity.changes + 1,
                    significant_changes = competitor_activity.significant_changes + excluded.significant_changes
                """, logger: logger)
            return true
        }
    }

    func activity(competitorID: Competitor.ID?, since: Date?) async throws -> [ActivityWeek] {
        var query: PostgresQuery = """
            SELECT competitor_id, (week_start::timestamp AT TIME ZONE 'UTC') AS week_start_at, category, changes,
                significant_changes
            FROM competitor_activity WHERE tenant_id = \(tenant)
            """
        if let competitorID {
            query.and("competitor_id", "=", competitorID.rawValue)
        }
        if let since {
            query.binds.append(ActivityWeek.start(of: since))
            query.sql += " AND week_start >= ($\(query.binds.count)::timestamptz AT TIME ZONE 'UTC')::date"
        }
        query.sql += " ORDER BY week_start, competitor_id, category"
        return try await run(query) { row in
            let category = try row.string("category")
            return ActivityWeek(
                competitorID: try row.id("competitor_id"), weekStart: try row.date("week_start_at"),
                category: category.isEmpty ? nil : category, changes: try row.int("changes"),
                significantChanges: try row.int("significant_changes"))
        }
    }
}
