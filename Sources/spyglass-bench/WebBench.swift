import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
import SpyglassWeb
import TextDiff

/// `spyglass-bench web`: server-side render time of the dashboard's heaviest pages through the real
/// router (no socket): the overview's first page over 10,000 changes, and a change page whose stored
/// diff has 5,000 lines. One owner signed in through the setup page, data seeded straight into storage.
enum WebBench {
    static let competitorCount = 20
    static let changeCount = 10_000
    static let diffDocumentLines = 5_000
    static let requests = 200
    static let warmUp = 20

    static func run() async throws {
        let database = try await EmbeddedDatabase.inMemory()
        let storage = SQLiteStorage(database: database)
        let dependencies = WebDependencies(
            storage: storage, queue: SQLiteJobQueue(database: database), clock: SystemWallClock(),
            intervalPolicy: CheckIntervalPolicy(), pubSub: InMemoryPubSub(), rateLimiter: InMemoryRateLimiter(),
            preview: nil,
            // Sign-in is not measured: a cheap hash keeps the setup quick.
            settings: WebSettings(passwords: PasswordHasher(iterations: 1_000)))
        let application = Application(router: try await SpyglassWeb.buildRouter(dependencies))
        try await application.test(.router) { client in
            let cookies = try await setUpOwner(client)
            guard let tenant = try await storage.firstTenant() else {
                throw BenchError(.incomplete, "the setup page made no workspace")
            }
            let bigChange = try await seed(storage.scoped(to: tenant.id))
            try await measure("web_overview_10k_changes", client, uri: "/", cookies: cookies)
            try await measure(
                "web_change_5000_line_diff", client, uri: "/changes/\(bigChange.rawValue)", cookies: cookies)
            // Every row (`?all=1`): slow by nature, so fewer rounds.
            try await measure(
                "web_change_5000_line_diff_all_rows", client, uri: "/changes/\(bigChange.rawValue)?all=1",
                cookies: cookies, requests: 20, warmUp: 2)
        }
    }

    /// Sets up the owner through `/setup` (as a browser would) and returns the session cookie header.
    static func setUpOwner(_ client: any TestClientProtocol) async throws -> String {
        let form = try await client.executeRequest(uri: "/setup", method: .get, headers: [:], body: nil)
        let html = String(buffer: form.body)
        guard let formCookie = cookie(form.headers, "sg_form"), let token = csrfToken(in: html) else {
            throw BenchError(.unexpectedReply, "the setup page gave no form token")
        }
        let password = "bench password 12345"
        let body = [("workspace", "Bench"), ("email", "owner@bench.example"), ("password", password),
                    ("password_confirm", password), ("_csrf", token)]
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        var headers = HTTPFields()
        headers[.cookie] = "sg_form=\(formCookie)"
        headers[.contentType] = "application/x-www-form-urlencoded"
        let done = try await client.executeRequest(
            uri: "/setup", method: .post, headers: headers, body: ByteBuffer(string: body))
        guard let session = cookie(done.headers, "sg_session") else {
            throw BenchError(.unexpectedReply, "the setup page did not sign the owner in (status \(done.status.code))")
        }
        return "sg_session=\(session)"
    }

    /// 20 competitors with a monitor each, 10,000 changes spread over them, and one more change between
    /// two 5,000-line snapshots with every other line edited (its diff touches all 5,000 lines).
    static func seed(_ store: any TenantStorage) async throws -> Change.ID {
        let start = Date().addingTimeInterval(-Double(changeCount + 10) * 60)
        var monitors: [Monitor] = []
        for index in 0..<competitorCount {
            let now = start.addingTimeInterval(Double(index) / 1_000)
            let competitor = Competitor(
                id: .generate(at: now), tenantID: store.tenantID, name: "Competitor \(index)",
                website: "https://rival\(index).example", tags: ["saas"], createdAt: now, updatedAt: now)
            try await store.insertCompetitor(competitor)
            let monitor = Monitor(
                id: .generate(at: now), tenantID: store.tenantID, competitorID: competitor.id,
                url: "https://rival\(index).example/pricing", kind: .html, selector: "main", intervalSeconds: 3_600,
                enabled: true, nextCheckAt: now.addingTimeInterval(3_600), createdAt: now, updatedAt: now)
            try await store.insertMonitor(monitor)
            monitors.append(monitor)
        }
        for index in 0..<changeCount {
            let monitor = monitors[index % monitors.count]
            let at = start.addingTimeInterval(Double(index) * 60)
            try await recordChange(
                store, monitor, before: "Pro plan: $\(index) per month", after: "Pro plan: $\(index + 1) per month",
                summary: "Pro: $\(index) → $\(index + 1) per month", significance: index % 100, at: at)
        }
        let old = (0..<diffDocumentLines).map { "Feature \($0): sync, export and audit for every team" }
        let new = old.enumerated().map { $0.offset.isMultiple(of: 2) ? $0.element + " (updated)" : $0.element }
        let edited = Array(stride(from: 0, to: diffDocumentLines, by: 2))
        return try await recordChange(
            store, monitors[0], before: old.joined(separator: "\n"), after: new.joined(separator: "\n"),
            summary: "2,500 feature lines edited", significance: 70, diff: LineDiff(old: old, new: new).unified(),
            lines: (edited.map { old[$0] }, edited.map { new[$0] }), at: Date().addingTimeInterval(-60))
    }

    @discardableResult
    static func recordChange(
        _ store: any TenantStorage, _ monitor: Monitor, before: String, after: String, summary: String,
        significance: Int, diff: String = "", lines: (removed: [String], added: [String])? = nil, at now: Date
    ) async throws -> Change.ID {
        var monitor = monitor
        let first = Snapshot(
            id: .generate(at: now), tenantID: store.tenantID, monitorID: monitor.id, contentHash: hash(before),
            byteCount: before.utf8.count, capturedAt: now)
        try await store.recordCheck(CheckResult(
            run: run(store, monitor, .baseline, snapshot: first.id, at: now), monitor: monitor, snapshot: first,
            snapshotText: before))
        monitor.lastSnapshotID = first.id
        let later = now.addingTimeInterval(1)
        let second = Snapshot(
            id: .generate(at: later), tenantID: store.tenantID, monitorID: monitor.id, contentHash: hash(after),
            byteCount: after.utf8.count, capturedAt: later)
        let change = Change(
            id: .generate(at: later), tenantID: store.tenantID, monitorID: monitor.id,
            competitorID: monitor.competitorID, previousSnapshotID: first.id, snapshotID: second.id,
            added: lines?.added ?? [after], removed: lines?.removed ?? [before], diff: diff, summary: summary,
            detectedAt: later, category: "pricing", confidence: 0.8,
            significance: significance, reasons: ["a price changed"],
            deltasJSON: #"[{"kind":"price_increased","summary":"Pro: $49 → $59 per month (+20.4%)","plan":"Pro","before":"49","after":"59","percent":"20.4"}]"#,
            suppressedJSON: "[]")
        try await store.recordCheck(CheckResult(
            run: run(store, monitor, .changed, snapshot: second.id, change: change.id, at: later), monitor: monitor,
            snapshot: second, snapshotText: after, change: change))
        return change.id
    }

    static func run(
        _ store: any TenantStorage, _ monitor: Monitor, _ outcome: CheckRun.Outcome, snapshot: Snapshot.ID,
        change: Change.ID? = nil, at now: Date
    ) -> CheckRun {
        CheckRun(
            id: .generate(at: now), tenantID: store.tenantID, monitorID: monitor.id, jobID: nil, outcome: outcome,
            errorCode: nil, reason: nil, snapshotID: snapshot, changeID: change, startedAt: now, finishedAt: now)
    }

    /// Times `requests` GETs of `uri` after a warm-up; each must answer 200 with a page.
    static func measure(
        _ name: String, _ client: any TestClientProtocol, uri: String, cookies: String,
        requests: Int = WebBench.requests, warmUp: Int = WebBench.warmUp
    ) async throws {
        var headers = HTTPFields()
        headers[.cookie] = cookies
        var samples = LatencySamples()
        var bytes = 0
        for round in 0..<(warmUp + requests) {
            let start = ContinuousClock.now
            let response = try await client.executeRequest(uri: uri, method: .get, headers: headers, body: nil)
            let elapsed = ContinuousClock.now - start
            guard response.status == .ok else {
                throw BenchError(.unexpectedReply, "\(uri) answered \(response.status.code)")
            }
            bytes = response.body.readableBytes
            if round >= warmUp { samples.record(elapsed) }
        }
        let p50 = String(format: "%.2f", samples.percentile(0.5) / 1_000)
        let p99 = String(format: "%.2f", samples.percentile(0.99) / 1_000)
        print(#"{"bench":"\#(name)","p50_ms":\#(p50),"p99_ms":\#(p99),"requests":\#(requests),"page_bytes":\#(bytes)}"#)
    }

    static func cookie(_ headers: HTTPFields, _ name: String) -> String? {
        for header in headers[values: .setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name { return String(pair[1]) }
        }
        return nil
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func hash(_ text: String) -> String {
        String(UInt64(bitPattern: Int64(text.hashValue)), radix: 16)
    }
}
