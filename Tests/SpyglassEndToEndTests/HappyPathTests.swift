import Foundation
import Testing

/// A user's first day: watch a pricing page, see it change, receive a signed webhook.
@Suite("End to end: happy path")
struct HappyPathTests {
    static let pricingV1 = """
        <html><body><h1>Pricing</h1><ul><li>Starter $19/mo</li><li>Pro $49/mo</li></ul>\
        <script>var x=1</script></body></html>
        """
    static let pricingV2 = """
        <html><body><h1>Pricing</h1><ul><li>Starter $19/mo</li><li>Pro $59/mo</li></ul>\
        <script>var x=1</script></body></html>
        """

    @Test("a changed page produces one change, one signed webhook, and a re-check without change produces none",
          arguments: E2EBackend.availableWithRedis)
    func pageChangeIsDetectedAndDelivered(backend: E2EBackend) async throws {
        try await TestWorld.run(backend: backend) { world in
            let tenant = try await world.createTenant("Acme Intelligence")
            let server = try await world.serve()
            let api = world.client(server, tenant)
            let fixture = world.fixture
            await fixture.state.setPricingHTML(Self.pricingV1)

            let competitorID = try await api.createCompetitor(name: "Rival Inc", website: fixture.baseURL)
            let monitorID = try await api.createMonitor(competitorID: competitorID, url: "\(fixture.baseURL)/pricing")
            let channel = try await api.createWebhookChannel(url: "\(fixture.baseURL)/webhook")

            // The first check runs at once: a baseline, with the page's visible text only.
            let baseline = try #require(try await api.waitForChecks(monitorID: monitorID, count: 1).first)
            #expect(baseline["outcome"]?.string == "baseline", "first check: \(baseline)")
            let baselineSnapshotID = try #require(baseline["snapshot_id"]?.string, "baseline has no snapshot: \(baseline)")
            let text = try await api.get("/v1/snapshots/\(baselineSnapshotID)/text")
            #expect(text.status == 200)
            let lines = text.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(lines == ["Pricing", "Starter $19/mo", "Pro $49/mo"], "normalised text: \(text.text)")
            try await api.waitForJobToFinish(of: baseline)

            // The competitor raises a price; the user asks for a check now.
            await fixture.state.setPricingHTML(Self.pricingV2)
            let job = try await api.queueCheck(monitorID: monitorID)
            #expect(job["id"]?.string?.hasPrefix("job_") == true, "queued job: \(job)")
            #expect(["queued", "leased", "succeeded"].contains(job["status"]?.string ?? ""), "queued job: \(job)")

            let afterChange = try await api.waitForChecks(monitorID: monitorID, count: 2)
            let changedCheck = afterChange[0]
            #expect(changedCheck["outcome"]?.string == "changed", "second check: \(changedCheck)")
            #expect(afterChange.count == 2, "checks: \(afterChange)")

            let changes = try await api.changes(monitorID: monitorID)
            try #require(changes.count == 1, "changes: \(changes)")
            let change = changes[0]
            let changeID = try #require(change["id"]?.string)
            #expect(change["removed"]?.strings == ["Pro $49/mo"], "change: \(change)")
            #expect(change["added"]?.strings == ["Pro $59/mo"], "change: \(change)")
            let diff = change["diff"]?.string ?? ""
            #expect(diff.contains("-Pro $49/mo"), "diff: \(diff)")
            #expect(diff.contains("+Pro $59/mo"), "diff: \(diff)")
            #expect(change["summary"]?.string?.isEmpty == false, "change: \(change)")
            #expect(changedCheck["change_id"]?.string == changeID)

            // One delivery to the one channel, which the receiver accepts.
            let delivery = try await eventually("the delivery of \(changeID) to succeed") {
                let deliveries = try await api.deliveries(changeID: changeID)
                return deliveries.first { $0["status"]?.string == "succeeded" }
            }
            let deliveries = try await api.deliveries(changeID: changeID)
            #expect(deliveries.count == 1, "deliveries: \(deliveries)")
            #expect(delivery["attempts"]?.int == 1, "delivery: \(delivery)")
            #expect(delivery["channel_id"]?.string == channel.id, "delivery: \(delivery)")

            let webhooks = await fixture.state.webhooks
            try #require(webhooks.count == 1, "the receiver got \(webhooks.count) requests")
            let webhook = webhooks[0]
            try Self.expectSigned(webhook, secret: channel.secret)
            let eventID = webhook.headers["spyglass-event-id"]
            #expect(eventID?.isEmpty == false, "headers: \(webhook.headers)")
            #expect(eventID == delivery["event_id"]?.string, "event id header vs delivery: \(delivery)")
            let event = try JSON.parse(webhook.body)
            #expect(event["type"]?.string == "change.detected", "event: \(event)")
            #expect(event["data"]?["change"]?["id"]?.string == changeID, "event: \(event)")
            #expect(event["data"]?["change"]?["added"]?.strings == ["Pro $59/mo"], "event: \(event)")
            try await api.waitForJobToFinish(of: changedCheck)

            // Checking again without a change: unchanged, nothing new to deliver.
            _ = try await api.queueCheck(monitorID: monitorID)
            let third = try await api.waitForChecks(monitorID: monitorID, count: 3)
            #expect(third[0]["outcome"]?.string == "unchanged", "third check: \(third[0])")
            #expect(third[0]["change_id"]?.isNull != false, "third check: \(third[0])")
            #expect(try await api.changes(monitorID: monitorID).count == 1)
            #expect(try await api.deliveries().count == 1)
            #expect(await fixture.state.webhooks.count == 1)

            // SIGTERM is a graceful shutdown.
            let ended = await server.process.stop()
            #expect(ended == .exit(0), "serve after SIGTERM: \(String(describing: ended))\n\(server.process.logTail())")
        }
    }

    /// The receiver's side of the contract, checked with our own HMAC.
    static func expectSigned(_ webhook: ReceivedWebhook, secret: String) throws {
        let header = try #require(webhook.headers["spyglass-signature"], "headers: \(webhook.headers)")
        let parsed = try #require(WebhookSignatureCheck.parse(header), "malformed Spyglass-Signature: \(header)")
        let expected = WebhookSignatureCheck.expectedSignature(timestamp: parsed.timestamp, body: webhook.body, secret: secret)
        #expect(parsed.signatures.contains(expected), "Spyglass-Signature \(header), expected v1=\(expected)")
        let wrongKey = WebhookSignatureCheck.expectedSignature(
            timestamp: parsed.timestamp, body: webhook.body, secret: secret + "x")
        #expect(!parsed.signatures.contains(wrongKey))
        let now = Int(Date().timeIntervalSince1970)
        #expect(abs(now - parsed.timestamp) < 300, "signature timestamp \(parsed.timestamp), now \(now)")
        #expect(webhook.headers["content-type"]?.hasPrefix("application/json") == true, "headers: \(webhook.headers)")
    }
}
