import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// Verdicts on changes and what the effectiveness page counts from them.
extension PostgresTenantStorage {
    func recordFeedback(_ feedback: ChangeFeedback) async throws -> Bool {
        // Stored only for a change of this workspace (the SELECT finds nothing otherwise).
        let rows = try await run(
            """
            INSERT INTO change_feedback (tenant_id, change_id, author_kind, author_id, verdict, created_at)
            SELECT tenant_id, id, \(feedback.author.kind), \(feedback.author.id), \(feedback.verdict.rawValue),
                \(feedback.createdAt)
            FROM changes WHERE tenant_id = \(tenant) AND id = \(feedback.changeID.rawValue)
            ON CONFLICT (tenant_id, change_id, author_kind, author_id) DO UPDATE SET
                verdict = excluded.verdict, created_at = excluded.created_at
            RETURNING 1 AS stored
            """
        ) { row in try row.int("stored") }
        return !rows.isEmpty
    }

    func feedback(changeID: Change.ID) async throws -> [ChangeFeedback] {
        let rows: [ChangeFeedback?] = try await run(
            """
            SELECT change_id, author_kind, author_id, verdict, created_at FROM change_feedback
            WHERE tenant_id = \(tenant) AND change_id = \(changeID.rawValue)
            ORDER BY created_at, author_kind, author_id
            """
        ) { row in
            guard let author = FeedbackAuthor(kind: try row.string("author_kind"), id: try row.string("author_id"))
            else { return nil }
            return ChangeFeedback(
                changeID: try row.id("change_id"), author: author, verdict: try row.enumValue("verdict"),
                createdAt: try row.date("created_at"))
        }
        return rows.compactMap { $0 }
    }

    func changeOutcomes(since: Date) async throws -> [ChangeOutcome] {
        try await run(
            """
            SELECT c.id, c.competitor_id, c.monitor_id, c.category, c.detected_at, c.added,
                (SELECT MIN(d.updated_at) FROM deliveries d
                 WHERE d.tenant_id = c.tenant_id AND d.change_id = c.id AND d.status = 'succeeded') AS delivered_at,
                (SELECT COUNT(*)::integer FROM change_feedback f
                 WHERE f.tenant_id = c.tenant_id AND f.change_id = c.id AND f.verdict = 'useful') AS useful,
                (SELECT COUNT(*)::integer FROM change_feedback f
                 WHERE f.tenant_id = c.tenant_id AND f.change_id = c.id AND f.verdict = 'noise') AS noise,
                (SELECT COUNT(*)::integer FROM change_feedback f
                 WHERE f.tenant_id = c.tenant_id AND f.change_id = c.id AND f.verdict = 'acted_on') AS acted_on
            FROM changes c WHERE c.tenant_id = \(tenant) AND c.detected_at >= \(since)
            ORDER BY c.detected_at, c.id
            """
        ) { row in
            ChangeOutcome(
                changeID: try row.id("id"), competitorID: try row.id("competitor_id"), monitorID: try row.id("monitor_id"),
                category: try row.optionalString("category"), detectedAt: try row.date("detected_at"),
                firstDeliveredAt: try row.optionalDate("delivered_at"), added: try row.stringArray("added"),
                useful: try row.int("useful"), noise: try row.int("noise"), actedOn: try row.int("acted_on"))
        }
    }
}
