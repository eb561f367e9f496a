import Foundation
import HTTPTypes
import SpyglassDomain
import SpyglassEmbedded
import SpyglassExtract
import SpyglassPipeline
import SpyglassPorts
@testable import SpyglassWeb
import Testing

@Suite("Charts, jobs and API keys")
struct OperationsPageTests {
    @Test("step charts: every point inside the plot, a step per change, round numbers on the axis")
    func stepChart() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let chart = StepChart(
            id: "c", title: "Prices", inputs: [
                StepChart.Input(name: "Pro · USD / month", points: [
                    (start, 49), (start.addingTimeInterval(3_600), 49), (start.addingTimeInterval(86_400), 59),
                ]),
                StepChart.Input(name: "Empty", points: []),
            ], end: start.addingTimeInterval(2 * 86_400), format: { String(Int($0)) })
        #expect(!chart.empty)
        #expect(chart.series.count == 1)
        let points = chart.series[0].points.split(separator: " ").map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(points.count == 4)
        for point in points {
            #expect((StepChart.left...(StepChart.width - StepChart.right)).contains(point[0]))
            #expect((StepChart.top...(StepChart.height - StepChart.bottom)).contains(point[1]))
        }
        #expect(points[1][0] == points[2][0])
        #expect(points[1][1] == points[0][1])
        #expect(chart.yTicks.map(\.label) == ["0", "25", "50", "75", "100"])
        #expect(chart.rows.map(\.value) == ["49", "59"])
        #expect(StepChart(id: "e", title: "E", inputs: [], end: start, format: { "\($0)" }).empty)
        #expect(StepChart.niceCeiling(59) == 100)
        #expect(StepChart.niceCeiling(0.3) == 0.5)
        #expect(StepChart.niceCeiling(.infinity) == 1)
    }

    @Test("the competitor page draws price and job charts from the snapshots' facts")
    func charts() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, store, seed in
            let rival = try await seed.competitor("Rival")
            let monitor = try await seed.monitor(rival)
            let facts = ExtractedFacts(
                prices: [PriceFact(plan: "Pro", amount: "49", currency: "USD", period: .month, kind: .paid, text: "$49/mo")],
                jobs: [JobFact(title: "Engineer"), JobFact(title: "<script>x</script>")])
            let json = String(decoding: try JSONEncoder().encode(facts), as: UTF8.self)
            let snapshot = Snapshot(
                id: .generate(), tenantID: store.tenantID, monitorID: monitor.id, contentHash: "h1", byteCount: 1,
                capturedAt: Date(), factsJSON: json)
            try await store.recordCheck(CheckResult(
                run: seed.run(monitor, .baseline, snapshot: snapshot.id, at: Date()), monitor: monitor, snapshot: snapshot,
                snapshotText: "x"))
            let page = try await browser.get("/competitors/\(rival.id)")
            #expect(page.contains(#"<figure class="chart-figure" id="price-chart">"#))
            #expect(page.contains("Pro · USD / month"))
            #expect(page.contains(#"<figure class="chart-figure" id="jobs-chart">"#))
            #expect(page.contains("<polyline"))
            #expect(!page.contains("<script>x"))
        }
    }

    @Test("the jobs page shows the queue and dead jobs; an admin retries one, a viewer cannot")
    func jobs() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let tenant = try #require(await harness.storage.firstTenant())
            let now = Date()
            let job = try await harness.queue.enqueue(Job.new(
                tenantID: tenant.id, kind: .check, subjectID: Monitor.ID.generate().rawValue, runAt: now, maxAttempts: 1,
                dedupeKey: "check:x", now: now))
            let leased = try #require(try await harness.queue.lease(owner: "test", for: .seconds(60)))
            #expect(leased.id == job.id)
            try await harness.queue.fail(job.id, owner: "test", error: "<b>boom</b>", retryAfter: nil)

            let page = try await owner.get("/jobs")
            #expect(page.status == .ok)
            #expect(page.contains(#"id="job-\#(job.id)""#))
            #expect(page.contains("&lt;b&gt;boom&lt;/b&gt;"))
            #expect(page.contains(#"id="retry-\#(job.id)""#))
            #expect(page.contains(#"data-status="dead">1<"#))

            let viewer = owner.fresh()
            try await viewer.accept(try await owner.invite("viewer@acme.example", role: .viewer))
            let seen = try await viewer.get("/jobs")
            #expect(seen.status == .ok)
            #expect(!seen.contains("retry-job-button"))
            #expect(try await viewer.post("/jobs/\(job.id)/retry").status == .forbidden)

            try await owner.get("/jobs")
            let retried = try await owner.post("/jobs/\(job.id)/retry")
            #expect(retried.status == .seeOther)
            let queued = try await harness.queue.jobs(tenant: tenant.id, status: .queued, page: .init()).items
            #expect(queued.map(\.subjectID) == [job.subjectID])
            #expect(try await owner.post("/jobs/\(queued[0].id)/retry").status == .badRequest)
        }
    }

    @Test("API keys: created with a role up to one's own, shown once, working, revocable; members cannot")
    func apiKeys() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let keys = try await owner.get("/keys")
            #expect(keys.status == .ok)
            #expect(keys.contains(#"id="key-form""#))
            let created = try await owner.post("/keys", [("name", "CI reader"), ("role", "viewer")])
            #expect(created.status == .created)
            let secret = try #require(created.html.range(of: #"id="new-key-secret" type="text" value=""#).map {
                String(created.html[$0.upperBound...].prefix { $0 != "\"" })
            })
            #expect(secret.hasPrefix("sg_"))
            let key = try #require(try await TenantProvisioning(storage: harness.storage).authenticate(secret: secret))
            #expect(key.role == .viewer)
            #expect(key.name == "CI reader")
            #expect(!(try await owner.get("/keys")).contains(secret))

            let admin = owner.fresh()
            try await admin.accept(try await owner.invite("admin@acme.example", role: .admin))
            try await admin.get("/keys")
            let tooHigh = try await admin.post("/keys", [("name", "Root"), ("role", "owner")])
            #expect(tooHigh.status == .unprocessableContent)
            let ownerKey = try #require(try await harness.storage.scoped(to: key.tenantID).apiKeys().first { $0.role == .owner })
            #expect(try await admin.post("/keys/\(ownerKey.id)/revoke").status == .forbidden)
            #expect(try await admin.post("/keys/\(key.id)/revoke").status == .seeOther)
            #expect(try await TenantProvisioning(storage: harness.storage).authenticate(secret: secret) == nil)

            let member = owner.fresh()
            try await member.accept(try await owner.invite("member@acme.example", role: .member))
            #expect(try await member.get("/keys").status == .forbidden)
            #expect(!(try await member.get("/")).contains("nav-keys"))
        }
    }
}
