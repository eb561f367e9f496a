import Foundation
import Logging
import SpyglassDomain
import SpyglassEmbedded
@testable import SpyglassPipeline
import SpyglassPorts
import Synchronization
import Testing

/// A fetcher that serves whatever the test sets.
final class StubFetcher: PageFetcher {
    let next = Mutex<Result<FetchResult, FetchFailure>>(.success(.notModified))
    let requests = Mutex<[FetchRequest]>([])

    func serve(_ html: String, etag: String? = nil) {
        next.withLock {
            $0 = .success(.fetched(FetchedDocument(
                finalURL: "https://rival.example/pricing", statusCode: 200, contentType: "text/html; charset=utf-8",
                body: Array(html.utf8), etag: etag)))
        }
    }

    func fail(_ failure: FetchFailure) { next.withLock { $0 = .failure(failure) } }
    func notModified() { next.withLock { $0 = .success(.notModified) } }

    func fetch(_ request: FetchRequest) async throws -> FetchResult {
        requests.withLock { $0.append(request) }
        return try next.withLock { try $0.get() }
    }
}

final class StubTransport: WebhookTransport {
    let status = Mutex(200)
    let sent = Mutex<[OutboundPost]>([])

    func post(_ request: OutboundPost) async throws -> OutboundResponse {
        sent.withLock { $0.append(request) }
        return OutboundResponse(statusCode: status.withLock { $0 }, bodyExcerpt: "")
    }
}

struct PipelineHarness {
    let database: EmbeddedDatabase
    let storage: SQLiteStorage
    let queue: SQLiteJobQueue
    let fetcher = StubFetcher()
    let transport = StubTransport()
    let tenant: Tenant.ID
    let monitor: Monitor
    let channel: AlertChannel

    init() async throws {
        database = try await EmbeddedDatabase.inMemory()
        storage = SQLiteStorage(database: database)
        queue = SQLiteJobQueue(database: database)
        tenant = try await TenantProvisioning(storage: storage).createTenant(name: "Acme").tenant.id
        let store = storage.scoped(to: tenant)
        let now = Date()
        let competitor = Competitor(id: .generate(), tenantID: tenant, name: "Rival", website: nil, tags: [],
                                    createdAt: now, updatedAt: now)
        try await store.insertCompetitor(competitor)
        monitor = Monitor(id: .generate(), tenantID: tenant, competitorID: competitor.id,
                          url: "https://rival.example/pricing", kind: .html, selector: nil, intervalSeconds: 3_600,
                          enabled: true, nextCheckAt: now, createdAt: now, updatedAt: now)
        try await store.insertMonitor(monitor)
        channel = AlertChannel(id: .generate(), tenantID: tenant, kind: .webhook, name: "hook",
                               url: "https://hooks.example/in", secret: "whsec_test", enabled: true, createdAt: now,
                               updatedAt: now)
        try await store.insertChannel(channel)
    }

    var events: LiveEvents {
        LiveEvents(pubSub: InMemoryPubSub(), logger: Logger(label: "test"))
    }

    func check() async throws {
        let handler = CheckMonitor(storage: storage, fetcher: fetcher, queue: queue, events: events,
                                   logger: Logger(label: "test"))
        try await handler.handle(Scheduler.checkJob(for: monitor, now: Date()))
    }

    func deliverAll() async throws {
        let handler = DeliverChange(storage: storage, transport: transport, queue: queue, logger: Logger(label: "test"))
        while let job = try await queue.lease(owner: "t", for: .seconds(30)) {
            try await handler.handle(job)
            try await queue.complete(job.id, owner: "t")
        }
    }

    func checks() async throws -> [CheckRun] {
        try await storage.scoped(to: tenant).checks(monitorID: monitor.id, page: PageRequest()).items
    }

    func changes() async throws -> [Change] {
        try await storage.scoped(to: tenant).changes(filter: ChangeFilter(monitorID: monitor.id), page: PageRequest()).items
    }
}

@Suite("Check pipeline")
struct PipelineTests {
    @Test("baseline, then unchanged, then a change with the right lines, delivered and signed")
    func fullCycle() async throws {
        let h = try await PipelineHarness()
        h.fetcher.serve("<h1>Pricing</h1><ul><li>Starter $19/mo</li><li>Pro $49/mo</li></ul>", etag: "\"v1\"")
        try await h.check()
        #expect(try await h.checks().map(\.outcome) == [.baseline])

        try await h.check()
        #expect(try await h.checks().map(\.outcome) == [.unchanged, .baseline])
        #expect(h.fetcher.requests.withLock { $0.last?.etag } == "\"v1\"")

        h.fetcher.serve("<h1>Pricing</h1><ul><li>Starter $19/mo</li><li>Pro $59/mo</li></ul>")
        try await h.check()
        let changes = try await h.changes()
        #expect(changes.count == 1)
        #expect(changes.first?.removed == ["Pro $49/mo"])
        #expect(changes.first?.added == ["Pro $59/mo"])
        #expect(changes.first?.diff.contains("-Pro $49/mo\n+Pro $59/mo") == true)
        let change = try #require(changes.first)
        #expect(change.diff.hasPrefix("--- \(change.previousSnapshotID.rawValue)\n+++ \(change.snapshotID.rawValue)\n"))

        try await h.deliverAll()
        let sent = h.transport.sent.withLock { $0 }
        #expect(sent.count == 1)
        let request = try #require(sent.first)
        let signature = try #require(request.headers.first { $0.name == WebhookSignature.headerName }?.value)
        try WebhookSignature.verify(header: signature, body: request.body, secret: "whsec_test",
                                    now: Int(Date().timeIntervalSince1970))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["type"] as? String == "change.detected")
        let delivery = try #require(try await h.storage.scoped(to: h.tenant)
            .deliveries(filter: DeliveryFilter(), page: PageRequest()).items.first)
        #expect(delivery.status == .succeeded)
        #expect(request.headers.contains { $0.name == "Spyglass-Event-Id" && $0.value == delivery.eventID })
    }

    @Test("a refused fetch is recorded with its reason and stores nothing")
    func refused() async throws {
        let h = try await PipelineHarness()
        h.fetcher.fail(FetchFailure(.addressRefused, "127.0.0.2 is a loopback address"))
        try await h.check()
        let run = try #require(try await h.checks().first)
        #expect(run.outcome == .failed)
        #expect(run.errorCode == "address_refused")
        #expect(run.reason == "127.0.0.2 is a loopback address")
        #expect(try await h.storage.scoped(to: h.tenant).snapshots(monitorID: h.monitor.id, page: PageRequest()).items.isEmpty)
    }

    @Test("a transient failure is recorded and handed back to the queue for a retry")
    func transient() async throws {
        let h = try await PipelineHarness()
        h.fetcher.fail(FetchFailure(.timeout, "no answer within 30 s"))
        await #expect(throws: JobFailure.self) { try await h.check() }
        #expect(try await h.checks().first?.errorCode == "timeout")
    }

    @Test("304 Not Modified is recorded as such")
    func notModified() async throws {
        let h = try await PipelineHarness()
        h.fetcher.notModified()
        try await h.check()
        #expect(try await h.checks().first?.outcome == .notModified)
    }

    @Test("a failing receiver gets retries with back-off; 410 stops them")
    func deliveryRetries() async throws {
        let h = try await PipelineHarness()
        h.fetcher.serve("<p>a</p>")
        try await h.check()
        h.fetcher.serve("<p>b</p>")
        try await h.check()
        h.transport.status.withLock { $0 = 500 }
        let handler = DeliverChange(storage: h.storage, transport: h.transport, queue: h.queue, logger: Logger(label: "t"))
        let job = try #require(try await h.queue.lease(owner: "t", for: .seconds(30)))
        try await handler.handle(job)
        let store = h.storage.scoped(to: h.tenant)
        var delivery = try #require(try await store.deliveries(filter: DeliveryFilter(), page: PageRequest()).items.first)
        #expect(delivery.status == .retrying)
        #expect(delivery.lastStatusCode == 500)
        #expect(try #require(delivery.nextAttemptAt) > Date())
        #expect(try await store.deliveryAttempts(delivery.id).count == 1)
        let queuedRetries = try await h.queue.jobs(tenant: h.tenant, status: .queued, page: PageRequest()).items
        #expect(queuedRetries.filter { $0.kind == .deliver }.count == 1)

        h.transport.status.withLock { $0 = 410 }
        var retry = try #require(queuedRetries.first { $0.kind == .deliver })
        retry.attempts += 1
        try await handler.handle(retry)
        delivery = try #require(try await store.delivery(delivery.id))
        #expect(delivery.status == .failed)
        #expect(try await store.deliveryAttempts(delivery.id).map(\.statusCode) == [500, 410])
    }

    @Test("a date-only difference is noise: no change, no delivery, the reason kept on the check")
    func noiseOnly() async throws {
        let h = try await PipelineHarness()
        h.fetcher.serve("<h1>Pricing</h1><p>Pro $49/mo</p><footer>Last updated Nov 24, 2026</footer>")
        try await h.check()
        h.fetcher.serve("<h1>Pricing</h1><p>Pro $49/mo</p><footer>Last updated Nov 25, 2026</footer>")
        try await h.check()
        let run = try #require(try await h.checks().first)
        #expect(run.outcome == .noiseOnly)
        #expect(run.suppressedJSON.contains("date"))
        #expect(try await h.changes().isEmpty)
        #expect(try await h.queue.jobs(tenant: h.tenant, status: .queued, page: PageRequest()).items.isEmpty)
    }

    @Test("a price rise is a pricing change with its delta and a high significance")
    func priceChange() async throws {
        let h = try await PipelineHarness()
        let page = { (price: Int) in
            "<main><section class='plan'><h2>Starter</h2><p>$19/mo</p></section><section class='plan'><h2>Pro</h2><p>$\(price)/mo</p></section></main>"
        }
        h.fetcher.serve(page(49))
        try await h.check()
        h.fetcher.serve(page(59))
        try await h.check()
        let change = try #require(try await h.changes().first)
        #expect(change.category == "pricing")
        #expect(change.significance >= 80)
        #expect(change.deltasJSON.contains("price_increased"))
        #expect(change.summary.contains("$59"))
    }

    @Test("a change below the monitor's threshold is stored but not delivered")
    func threshold() async throws {
        let h = try await PipelineHarness()
        var monitor = try #require(try await h.storage.scoped(to: h.tenant).monitor(h.monitor.id))
        monitor.significanceThreshold = 100
        _ = try await h.storage.scoped(to: h.tenant).updateMonitor(monitor)
        h.fetcher.serve("<p>We ship weekly.</p>")
        try await h.check()
        h.fetcher.serve("<p>We ship daily now.</p>")
        try await h.check()
        #expect(try await h.changes().count == 1)
        #expect(try await h.storage.scoped(to: h.tenant).deliveries(filter: DeliveryFilter(), page: PageRequest()).items.isEmpty)
    }

    @Test("the monitor's own noise rules, stored as the API sends them, are applied")
    func monitorRules() async throws {
        let h = try await PipelineHarness()
        var monitor = try #require(try await h.storage.scoped(to: h.tenant).monitor(h.monitor.id))
        monitor.noiseRulesJSON = #"{"ignore_text":["Status:"]}"#
        _ = try await h.storage.scoped(to: h.tenant).updateMonitor(monitor)
        h.fetcher.serve("<p>Pro plan</p><p>Status: all systems go</p>")
        try await h.check()
        h.fetcher.serve("<p>Pro plan</p><p>Status: degraded</p>")
        try await h.check()
        #expect(try await h.checks().first?.outcome == .noiseOnly)
        #expect(try await h.changes().isEmpty)
    }
}

final class RecordingMail: MailTransport {
    let sent = Mutex<[OutboundMail]>([])
    func send(_ mail: OutboundMail) async throws { sent.withLock { $0.append(mail) } }
}

@Suite("E-mail digest delivery")
struct DigestDeliveryTests {
    @Test("a due e-mail channel gets one digest of the period's changes, and is not due again")
    func digest() async throws {
        let h = try await PipelineHarness()
        let store = h.storage.scoped(to: h.tenant)
        let created = Date().addingTimeInterval(-2 * 86_400)
        let channel = AlertChannel(id: .generate(at: created), tenantID: h.tenant, kind: .email, name: "Intel team",
                                   url: "mailto:pm@acme.example,ceo@acme.example", secret: "", enabled: true,
                                   digest: .daily, createdAt: created, updatedAt: created)
        try await store.insertChannel(channel)
        h.fetcher.serve("<main><section><h2>Pro</h2><p>$49/mo</p></section></main>")
        try await h.check()
        h.fetcher.serve("<main><section><h2>Pro</h2><p>$59/mo</p></section></main>")
        try await h.check()

        let service = DigestService(storage: h.storage, queue: h.queue, logger: Logger(label: "t"))
        #expect(try await service.queueDueDigests() == 1)
        #expect(try await service.queueDueDigests() == 0)

        let mail = RecordingMail()
        let handler = DeliverChange(storage: h.storage, transport: h.transport, mail: mail, queue: h.queue,
                                    logger: Logger(label: "t"))
        while let job = try await h.queue.lease(owner: "t", for: .seconds(30)) {
            try await handler.handle(job)
            try await h.queue.complete(job.id, owner: "t")
        }
        let sent = mail.sent.withLock { $0 }
        #expect(sent.count == 1)
        #expect(sent.first?.to == ["pm@acme.example", "ceo@acme.example"])
        #expect(sent.first?.subject.contains("1 change") == true)
        #expect(sent.first?.text.contains("$59") == true)
        #expect(sent.first?.html?.contains("<h2>Rival</h2>") == true)
        // The webhook channel got the change itself; the e-mail channel only the digest.
        let deliveries = try await store.deliveries(filter: DeliveryFilter(channelID: channel.id), page: PageRequest()).items
        #expect(deliveries.map(\.eventType) == [.digest])
        #expect(deliveries.first?.status == .succeeded)
    }

    @Test("without a mail server an e-mail delivery fails with a reason instead of retrying forever")
    func noServer() async throws {
        let h = try await PipelineHarness()
        let channel = AlertChannel(id: .generate(), tenantID: h.tenant, kind: .email, name: "x", url: "mailto:a@b.example",
                                   secret: "", enabled: true, digest: .daily, createdAt: Date(), updatedAt: Date())
        try await h.storage.scoped(to: h.tenant).insertChannel(channel)
        let delivery = try await ChannelTester(storage: h.storage, queue: h.queue).sendTest(to: channel)
        let handler = DeliverChange(storage: h.storage, transport: h.transport, queue: h.queue, logger: Logger(label: "t"))
        let job = try #require(try await h.queue.lease(owner: "t", for: .seconds(30)))
        try await handler.handle(job)
        let settled = try #require(try await h.storage.scoped(to: h.tenant).delivery(delivery.id))
        #expect(settled.status == .failed)
        #expect(settled.lastError?.contains("SPYGLASS_SMTP_URL") == true)
    }
}

@Suite("Events announced by checks")
struct LiveEventTests {
    @Test("snapshots and changes go to the outbox with the check; finished checks and changes live")
    func events() async throws {
        let h = try await PipelineHarness()
        let pubSub = InMemoryPubSub()
        let live = try await pubSub.subscribe(channel: LiveEvents.channel(for: h.tenant))
        let handler = CheckMonitor(storage: h.storage, fetcher: h.fetcher, queue: h.queue,
                                   events: LiveEvents(pubSub: pubSub, logger: Logger(label: "t")),
                                   logger: Logger(label: "t"))
        var jobs: [Job] = []
        for page in ["<p>We ship weekly.</p>", "<p>We ship daily now.</p>"] {
            h.fetcher.serve(page)
            let job = Scheduler.checkJob(for: h.monitor, now: Date())
            jobs.append(job)
            try await handler.handle(job)
        }
        let durable = try await SQLiteEventBus(database: h.database).pending(after: 0, limit: 10).map(\.event)
        #expect(durable.map(\.type) == ["snapshot.captured", "snapshot.captured", "change.detected"])
        let runs = try await h.checks().reversed().map(\.self)
        let change = try #require(try await h.changes().first)
        // Correlated by the check run, caused by the job that ran it.
        #expect(durable.map(\.correlationID) == [runs[0].id.rawValue, runs[1].id.rawValue, runs[1].id.rawValue])
        #expect(durable.map(\.causationID) == [jobs[0].id.rawValue, jobs[1].id.rawValue, jobs[1].id.rawValue])
        #expect(durable.allSatisfy { $0.tenantID == h.tenant.rawValue && $0.version == 1 })
        #expect(durable[2].subjectID == change.id.rawValue)
        #expect(durable[1].subjectID == h.monitor.id.rawValue)

        let snapshot = try #require(try JSONSerialization.jsonObject(with: Data(durable[1].payload)) as? [String: Any])
        let snapshotData = try #require(snapshot["data"] as? [String: Any])
        #expect(snapshot["type"] as? String == "snapshot.captured")
        #expect(snapshotData["snapshot_id"] as? String == runs[1].snapshotID?.rawValue)
        #expect(snapshotData["monitor_id"] as? String == h.monitor.id.rawValue)
        #expect((snapshotData["content_hash"] as? String)?.count == 64)

        var received: [[UInt8]] = []
        var iterator = live.makeAsyncIterator()
        for _ in 0..<3 {
            received.append(try #require(await iterator.next()))
        }
        let types = try received.map { message in
            (try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any])?["type"] as? String
        }
        #expect(types == ["check.finished", "check.finished", "change.detected"])
        // Live and durable are the same envelope, down to the event id.
        #expect(received[2] == durable[2].payload)

        // What the activity projection reads from it.
        let activity = try ActivityProjection.activity(from: durable[2].payload)
        #expect(activity.competitorID == change.competitorID)
        #expect(activity.category == change.category)
        #expect(activity.significance == change.significance)
        #expect(abs(activity.detectedAt.timeIntervalSince(change.detectedAt)) < 0.001)
    }

    @Test("only a stored snapshot is announced: unchanged and failed checks add no event")
    func quietChecksHaveNoEvent() async throws {
        let h = try await PipelineHarness()
        h.fetcher.serve("<p>Plans from $19</p>")
        try await h.check()
        try await h.check()
        h.fetcher.fail(FetchFailure(.addressRefused, "127.0.0.2 is a loopback address"))
        try await h.check()
        #expect(try await h.checks().map(\.outcome) == [.failed, .unchanged, .baseline])
        let durable = try await SQLiteEventBus(database: h.database).pending(after: 0, limit: 10)
        #expect(durable.map(\.event.type) == ["snapshot.captured"])
    }
}

@Suite("Activity projection payloads")
struct ActivityPayloadTests {
    @Test("anything but a change envelope is refused with a typed error", arguments: [
        "", "not json", "{}", #"{"data":{}}"#, "[1,2]",
        #"{"data":{"competitor_id":"cmp_x","detected_at":"2026-01-05T10:00:00.000Z","significance":1}}"#,
        #"{"data":{"competitor_id":"cmp_0123456789abcdef0123456789abcdef","detected_at":"yesterday","significance":1}}"#,
        #"{"data":{"competitor_id":"cmp_0123456789abcdef0123456789abcdef","detected_at":"2026-01-05T10:00:00.000Z","significance":"high"}}"#,
        #"{"data":{"competitor_id":"cmp_0123456789abcdef0123456789abcdef","detected_at":"2026-01-05T10:00:00.000Z","significance":1e400}}"#,
    ])
    func malformed(payload: String) {
        #expect(throws: ActivityProjectionError.self) { try ActivityProjection.activity(from: Array(payload.utf8)) }
    }

    @Test("a change envelope gives competitor, time, category and significance")
    func wellFormed() throws {
        let payload = #"""
            {"id":"evt_1","type":"change.detected","created_at":"2026-01-07T10:00:00.000Z",
             "data":{"competitor_id":"cmp_0123456789abcdef0123456789abcdef","detected_at":"2026-01-07T10:00:00.000Z",
                     "category":null,"significance":72,"summary":"ignored"}}
            """#
        let activity = try ActivityProjection.activity(from: Array(payload.utf8))
        #expect(activity.competitorID.rawValue == "cmp_0123456789abcdef0123456789abcdef")
        #expect(activity.category == nil)
        #expect(activity.isSignificant)
        // 2026-01-07 is a Wednesday: its week starts on Monday 2026-01-05.
        #expect(activity.weekStart == Date(timeIntervalSince1970: 1_767_571_200))
    }

    @Test("weeks start on Monday 00:00 UTC", arguments: [
        (0.0, -259_200.0),  // Thursday 1970-01-01 → Monday 1969-12-29
        (345_600.0, 345_600.0),  // Monday 1970-01-05 00:00 is its own start
        (345_599.0, -259_200.0),  // Sunday 1970-01-04 23:59:59
        (1_767_657_599.0, 1_767_571_200.0),  // Monday 2026-01-05 23:59:59
        (1_768_175_999.0, 1_767_571_200.0),  // Sunday 2026-01-11 23:59:59
        (1_768_176_000.0, 1_768_176_000.0),  // Monday 2026-01-12 00:00
        (-1.0, -259_200.0),  // Wednesday 1969-12-31 23:59:59
    ])
    func weekStart(time: Double, monday: Double) {
        #expect(ActivityWeek.start(of: Date(timeIntervalSince1970: time)) == Date(timeIntervalSince1970: monday))
    }
}
