import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// Verdicts on changes and what the effectiveness page counts from them.
extension SQLiteTenantStorage {
    func recordFeedback(_ feedback: ChangeFeedback) async throws -> Bool {
        let tenant = self.tenant
        return try await database.write { session in
            // Stored only for a change of this workspace (the SELECT finds nothing otherwise).
            try await session.execute(
                """
                INSERT INTO change_feedback (tenant_id, change_id, author_kind, author_id, verdict, created_at)
                SELECT tenant_id, id, ?, ?, ?, ? FROM changes WHERE tenant_id = ? AND id = ?
                ON CONFLICT (tenant_id, change_id, author_kind, author_id) DO UPDATE SET
                    verdict = excluded.verdict, created_at = excluded.created_at
                """,
                [.text(feedback.author.kind), .text(feedback.author.id), .text(feedback.verdict.rawValue),
                 .date(feedback.createdAt), tenant, .id(feedback.changeID)])
            return try await session.changes() > 0
        }
    }

    func feedback(changeID: Change.ID) async throws -> [ChangeFeedback] {
        let rows = try await database.read { session in
            try await session.query(
                """
                SELECT change_id, author_kind, author_id, verdict, created_at FROM change_feedback
                WHERE tenant_id = ? AND change_id = ? ORDER BY created_at, author_kind, author_id
                """, [tenant, .id(changeID)])
        }
        return try rows.compactMap { row in
            guard let author = FeedbackAuthor(kind: try row.string("author_kind"), id: try row.string("author_id"))
            else { return nil }
            return ChangeFeedback(
                changeID: try row.id("change_id"), author: author, verdict: try row.enumValue("verdict"),
                createdAt: try row.date("created_at"))
        }
    }

    func changeOutcomes(since: Date) async throws -> [ChangeOutcome] {
        let rows = try await database.read { session in
            try await session.query(
                """
                SELECT c.id, c.competitor_id, c.monitor_id, c.category, c.detected_at, c.added,
                    (SELECT MIN(d.updated_at) FROM deliveries d
                     WHERE d.tenant_id = c.tenant_id AND d.change_id = c.id AND d.status = 'succeeded') AS delivered_at,
                    (SELECT COUNT(*) FROM change_feedback f
                     WHERE f.tenant_id = c.tenant_id AND f.change_id = c.id AND f.verdict = 'useful') AS useful,
                    (SELECT COUNT(*) FROM change_feedback f
                     WHERE f.tenant_id = c.tenant_id AND f.change_id = c.id AND f.verdict = 'noise') AS noise,
                    (SELECT COUNT(*) FROM change_feedback f
                     WHERE f.tenant_id = c.tenant_id AND f.change_id = c.id AND f.verdict = 'acted_on') AS acted_on
                FROM changes c WHERE c.tenant_id = ? AND c.detected_at >= ? ORDER BY c.detected_at, c.id
                """, [tenant, .date(since)])
        }
        return try rows.map { row in
            ChangeOutcome(
                changeID: try row.id("id"), competitorID: try row.id("competitor_id"), monitorID: try row.id("monitor_id"),
                category: row.optionalString("category"), detectedAt: try row.date("detected_at"),
                firstDeliveredAt: row.optionalDate("delivered_at"), added: try row.stringArray("added"),
                useful: try row.int("useful"), noise: try row.int("noise"), actedOn: try row.int("acted_on"))
        }
    }
}
