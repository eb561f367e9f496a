import Foundation
import SpyglassDomain
import SpyglassPorts

/// Data written straight into storage, as checks would have written it (bypassing
/// every validation of the forms: hostile content must be shown safely anyway).
struct Seed {
    let store: any TenantStorage

    func competitor(_ name: String, website: String? = "https://rival.example", at now: Date = Date()) async throws -> Competitor {
        let competitor = Competitor(
            id: .generate(at: now), tenantID: store.tenantID, name: name, website: website, tags: ["saas"], createdAt: now,
            updatedAt: now)
        try await store.insertCompetitor(competitor)
        return competitor
    }

    func monitor(_ competitor: Competitor, url: String = "https://rival.example/pricing", at now: Date = Date()) async throws -> Monitor {
        let monitor = Monitor(
            id: .generate(at: now), tenantID: store.tenantID, competitorID: competitor.id, url: url, kind: .html,
            selector: "main", intervalSeconds: 3_600, enabled: true, nextCheckAt: now.addingTimeInterval(3_600),
            createdAt: now, updatedAt: now)
        try await store.insertMonitor(monitor)
        return monitor
    }

    /// A baseline with `before`, then a change to `after`.
    @discardableResult
    func change(
        _ monitor: Monitor, before: String, after: String, summary: String, category: String? = "pricing",
        significance: Int = 60, reasons: [String] = ["a price changed"],
        deltasJSON: String = #"[{"kind":"price_increased","summary":"Pro: $49 → $59 per month (+20.4%)","plan":"Pro","before":"49","after":"59","percent":"20.4"}]"#,
        suppressedJSON: String = #"[{"removed":["Updated 3 days ago"],"added":["Updated 2 days ago"],"rule":"relative_time","reason":"a relative date changed"}]"#,
        diff: String = "", at now: Date = Date()
    ) async throws -> Change {
        var monitor = monitor
        let first = Snapshot(
            id: .generate(at: now), tenantID: store.tenantID, monitorID: monitor.id, contentHash: Self.hash(before),
            byteCount: before.utf8.count, capturedAt: now)
        try await store.recordCheck(CheckResult(
            run: run(monitor, .baseline, snapshot: first.id, at: now), monitor: monitor, snapshot: first,
            snapshotText: before))
        monitor.lastSnapshotID = first.id
        let later = now.addingTimeInterval(1)
        let second = Snapshot(
            id: .generate(at: later), tenantID: store.tenantID, monitorID: monitor.id, contentHash: Self.hash(after),
            byteCount: after.utf8.count, capturedAt: later)
        let change = Change(
            id: .generate(at: later), tenantID: store.tenantID, monitorID: monitor.id, competitorID: monitor.competitorID,
            previousSnapshotID: first.id, snapshotID: second.id, added: [after], removed: [before],
            diff: diff, summary: summary, detectedAt: later, category: category, confidence: 0.8,
            significance: significance, reasons: reasons, deltasJSON: deltasJSON, suppressedJSON: suppressedJSON)
        try await store.recordCheck(CheckResult(
            run: run(monitor, .changed, snapshot: second.id, change: change.id, at: later), monitor: monitor,
            snapshot: second, snapshotText: after, change: change))
        return change
    }

    func run(_ monitor: Monitor, _ outcome: CheckRun.Outcome, snapshot: Snapshot.ID? = nil, change: Change.ID? = nil,
             error: String? = nil, at now: Date) -> CheckRun {
        CheckRun(
            id: .generate(at: now), tenantID: store.tenantID, monitorID: monitor.id, jobID: nil, outcome: outcome,
            errorCode: error == nil ? nil : "address_refused", reason: error, snapshotID: snapshot, changeID: change,
            startedAt: now, finishedAt: now)
    }

    static func hash(_ text: String) -> String {
        String(text.hashValue, radix: 16) + String(repeating: "0", count: 8)
    }
}
