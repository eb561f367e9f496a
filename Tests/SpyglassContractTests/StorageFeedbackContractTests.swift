import Foundation
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts
import Testing

/// Verdicts on changes and the outcomes the effectiveness page counts.
extension StorageContractTests {
    @Test("feedback: one current verdict per author, only for the workspace's own changes", arguments: AdapterSet.all)
    func feedback(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let store = scene.store
        // Whole seconds: every adapter keeps them exactly.
        let t0 = Date(timeIntervalSince1970: scene.clock.now().timeIntervalSince1970.rounded(.down))
        let change = scene.change(monitor: scene.monitor, at: t0, category: "pricing", significance: 60)
        try await scene.record(change, monitor: scene.monitor)
        let ann = FeedbackAuthor.user(.generate(at: t0))
        let key = FeedbackAuthor.apiKey(.generate(at: t0))

        #expect(try await store.feedback(changeID: change.id).isEmpty)
        let first = ChangeFeedback(changeID: change.id, author: ann, verdict: .noise, createdAt: t0.addingTimeInterval(10))
        #expect(try await store.recordFeedback(first))
        let byKey = ChangeFeedback(changeID: change.id, author: key, verdict: .actedOn, createdAt: t0.addingTimeInterval(20))
        #expect(try await store.recordFeedback(byKey))
        #expect(try await store.feedback(changeID: change.id) == [first, byKey])

        // A new verdict replaces the author's earlier one, with its own time.
        let changedMind = ChangeFeedback(changeID: change.id, author: ann, verdict: .useful, createdAt: t0.addingTimeInterval(30))
        #expect(try await store.recordFeedback(changedMind))
        #expect(try await store.feedback(changeID: change.id) == [byKey, changedMind])

        // An unknown change, and another workspace's change, store nothing.
        let unknown = ChangeFeedback(changeID: .generate(at: t0), author: ann, verdict: .noise, createdAt: t0)
        #expect(try await store.recordFeedback(unknown) == false)
        let globex = scene.made.storage.scoped(to: try await Fixtures.tenant(scene.made.storage, name: "Globex").id)
        #expect(try await globex.recordFeedback(first) == false)
        #expect(try await globex.feedback(changeID: change.id).isEmpty)
        #expect(try await globex.changeOutcomes(since: t0.addingTimeInterval(-60)).isEmpty)
        #expect(try await store.feedback(changeID: change.id).count == 2)
    }

    @Test("change outcomes: verdict counts and the first delivered alert, from a date on", arguments: AdapterSet.all)
    func changeOutcomes(adapters: AdapterSet) async throws {
        let scene = try await Scene(adapters)
        let store = scene.store
        let t0 = Date(timeIntervalSince1970: scene.clock.now().timeIntervalSince1970.rounded(.down))
        let old = scene.change(monitor: scene.monitor, at: t0, category: "jobs", significance: 30)
        try await scene.record(old, monitor: scene.monitor)
        let t1 = t0.addingTimeInterval(3_600)
        let recent = scene.change(monitor: scene.monitor, at: t1, category: "pricing", significance: 60)
        try await scene.record(recent, monitor: scene.monitor)
        let quiet = scene.change(monitor: scene.monitor, at: t1.addingTimeInterval(1), category: nil, significance: 10)
        try await scene.record(quiet, monitor: scene.monitor)

        for (n, verdict) in [FeedbackVerdict.useful, .noise, .noise, .actedOn].enumerated() {
            #expect(try await store.recordFeedback(ChangeFeedback(
                changeID: recent.id, author: .user(.generate(at: t1.addingTimeInterval(Double(n)))), verdict: verdict,
                createdAt: t1)))
        }
        // Two deliveries: one fails, one succeeds 90 s after detection.
        let channel = try await scene.channel(at: t1)
        var (delivered, job) = scene.delivery(channel: channel, change: recent, at: t1)
        try await store.insertDelivery(delivered, job: job)
        let (pending, pendingJob) = scene.delivery(channel: channel, change: recent, at: t1.addingTimeInterval(2))
        try await store.insertDelivery(pending, job: pendingJob)
        let at = t1.addingTimeInterval(90)
        delivered.status = .succeeded
        delivered.attempts = 1
        delivered.lastStatusCode = 200
        delivered.nextAttemptAt = nil
        delivered.updatedAt = at
        try await store.recordDeliveryAttempt(
            DeliveryAttempt(deliveryID: delivered.id, number: 1, attemptedAt: at, statusCode: 200, error: nil,
                            durationMilliseconds: 30),
            delivery: delivered, retry: nil)

        let outcomes = try await store.changeOutcomes(since: t1)
        #expect(outcomes.map(\.changeID) == [recent.id, quiet.id])
        let first = try #require(outcomes.first)
        #expect(first.competitorID == scene.competitor.id)
        #expect(first.monitorID == scene.monitor.id)
        #expect(first.category == "pricing")
        #expect(first.detectedAt == t1)
        #expect(first.firstDeliveredAt == at)
        #expect(first.added == recent.added)
        #expect([first.useful, first.noise, first.actedOn, first.marks] as [Int] == [1, 2, 1, 4])
        let last = try #require(outcomes.last)
        #expect(last.category == nil)
        #expect(last.firstDeliveredAt == nil)
        #expect(last.marks == 0)
        #expect(try await store.changeOutcomes(since: t0).count == 3)
    }
}
