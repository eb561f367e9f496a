import Foundation
import HTTPTypes
import NIOCore
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts
import Testing

/// Tenant isolation through the API, tried as an attacker holding a valid key of
/// another workspace would: every resource kind, every verb, with the victim's
/// ids in paths, bodies, filters and cursors. On PostgreSQL the database's
/// row-level security enforces this below the application code.
@Suite("Tenant isolation through the API")
struct TenantIsolationTests {
    /// What the victim (Acme) owns: one of every kind of record.
    struct VictimRecords {
        var competitor: String
        var monitor: String
        var channel: String
        var snapshot: String
        var change: String
        var delivery: String
        var job: String
        var competitorsCursor: String
    }

    static func seed(_ api: APIClient, harness: APIHarness) async throws -> VictimRecords {
        let competitor = try await api.competitor("Victim Rival")
        _ = try await api.competitor("Second Rival")
        let monitor = try await api.monitor(competitor: competitor)
        let channel = try await api.send(
            .post, "/v1/channels", json: #"{"kind":"webhook","name":"hook","url":"https://hooks.example/x"}"#).id
        let check = try await api.send(.post, "/v1/monitors/\(monitor)/check")
        let job = (check.json["job"] as? [String: Any])?["id"] as? String ?? check.json["id"] as? String ?? ""

        // A stored check with a change and a delivery, as a worker would record it.
        let key = try #require(try await harness.storage.apiKey(secretHash: Secrets.sha256Hex(api.key)))
        let store = harness.storage.scoped(to: key.tenantID)
        var stored = try #require(try await store.monitor(Identifier(trusted: monitor)))
        let now = Date()
        let first = Snapshot(id: .generate(at: now), tenantID: key.tenantID, monitorID: stored.id,
                             contentHash: Secrets.sha256Hex("Pro $49"), byteCount: 7, capturedAt: now)
        let second = Snapshot(id: .generate(at: now), tenantID: key.tenantID, monitorID: stored.id,
                              contentHash: Secrets.sha256Hex("Pro $59"), byteCount: 7, capturedAt: now)
        let change = Change(id: .generate(at: now), tenantID: key.tenantID, monitorID: stored.id,
                            competitorID: stored.competitorID, previousSnapshotID: first.id, snapshotID: second.id,
                            added: ["Pro $59"], removed: ["Pro $49"], diff: "-Pro $49\n+Pro $59", summary: "price",
                            detectedAt: now, category: "pricing", significance: 80)
        let delivery = Delivery(id: .generate(at: now), tenantID: key.tenantID, channelID: Identifier(trusted: channel),
                                changeID: change.id, eventID: "evt_victim", eventType: .changeDetected, status: .pending,
                                attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now)
        let deliveryJob = Job.new(tenantID: key.tenantID, kind: .deliver, subjectID: delivery.id.rawValue, runAt: now,
                                  now: now)
        stored.lastSnapshotID = second.id
        try await store.recordCheck(CheckResult(
            run: CheckRun(id: .generate(at: now), tenantID: key.tenantID, monitorID: stored.id, jobID: nil,
                          outcome: .baseline, snapshotID: first.id, startedAt: now, finishedAt: now),
            monitor: stored, snapshot: first, snapshotText: "Pro $49"))
        try await store.recordCheck(CheckResult(
            run: CheckRun(id: .generate(at: now), tenantID: key.tenantID, monitorID: stored.id, jobID: nil,
                          outcome: .changed, snapshotID: second.id, changeID: change.id, startedAt: now, finishedAt: now),
            monitor: stored, snapshot: second, snapshotText: "Pro $59", change: change,
            deliveries: [(delivery, deliveryJob)]))

        let page = try await api.send(.get, "/v1/competitors?limit=1")
        let cursor = try #require(page.json["next_cursor"] as? String)
        return VictimRecords(
            competitor: competitor, monitor: monitor, channel: channel, snapshot: second.id.rawValue,
            change: change.id.rawValue, delivery: delivery.id.rawValue, job: job.isEmpty ? deliveryJob.id.rawValue : job,
            competitorsCursor: cursor)
    }

    @Test("another tenant's ids give 404 or nothing, for every kind and verb, and change nothing",
          arguments: APIBackend.available)
    func attackerSeesNothing(backend: APIBackend) async throws {
        let harness = try await APIHarness(backend: backend)
        try await harness.run { api in
            let v = try await Self.seed(api, harness: harness)
            let attacker = api.otherKey
            let before = try await Self.victimView(api, v)

            // Reads by id.
            for path in [
                "/v1/competitors/\(v.competitor)", "/v1/monitors/\(v.monitor)", "/v1/channels/\(v.channel)",
                "/v1/snapshots/\(v.snapshot)", "/v1/snapshots/\(v.snapshot)/text", "/v1/changes/\(v.change)",
                "/v1/deliveries/\(v.delivery)", "/v1/jobs/\(v.job)", "/v1/monitors/\(v.monitor)/checks",
                "/v1/monitors/\(v.monitor)/snapshots", "/v1/competitors/\(v.competitor)/prices",
                "/v1/competitors/\(v.competitor)/jobs",
            ] {
                let reply = try await api.send(.get, path, as: attacker)
                #expect(reply.status == .notFound, "GET \(path) as the other tenant: \(reply.status)")
                #expect(reply.isProblem)
            }
            // Lists, with the victim's ids as filters and the victim's cursor.
            for path in [
                "/v1/competitors", "/v1/monitors", "/v1/channels", "/v1/changes", "/v1/deliveries", "/v1/jobs",
                "/v1/monitors?competitor_id=\(v.competitor)", "/v1/changes?monitor_id=\(v.monitor)",
                "/v1/changes?competitor_id=\(v.competitor)", "/v1/changes?category=pricing&min_significance=0",
                "/v1/deliveries?channel_id=\(v.channel)", "/v1/deliveries?change_id=\(v.change)",
                "/v1/jobs?status=queued", "/v1/competitors?cursor=\(v.competitorsCursor)",
            ] {
                let reply = try await api.send(.get, path, as: attacker)
                #expect(reply.status == .ok || reply.status == .notFound, "GET \(path): \(reply.status)")
                #expect(reply.data.isEmpty, "GET \(path) as the other tenant lists the victim's records")
            }
            // Writes by id.
            for (method, path, body) in [
                (HTTPMethodName.patch, "/v1/competitors/\(v.competitor)", #"{"name":"Hijacked"}"#),
                (.patch, "/v1/monitors/\(v.monitor)", #"{"enabled":false}"#),
                (.patch, "/v1/channels/\(v.channel)", #"{"url":"https://attacker.example/x"}"#),
                (.post, "/v1/monitors/\(v.monitor)/check", nil),
                (.post, "/v1/channels/\(v.channel)/test", nil),
                (.delete, "/v1/monitors/\(v.monitor)", nil),
                (.delete, "/v1/channels/\(v.channel)", nil),
                (.delete, "/v1/competitors/\(v.competitor)", nil),
            ] as [(HTTPMethodName, String, String?)] {
                let reply = try await api.send(method.method, path, json: body, as: attacker)
                #expect(reply.status == .notFound, "\(method) \(path) as the other tenant: \(reply.status)")
            }
            // Creates that name the victim's records in the body.
            let stolen = try await api.send(
                .post, "/v1/monitors", json: #"{"competitor_id":"\#(v.competitor)","url":"https://a.example/x"}"#,
                as: attacker)
            #expect(stolen.status == .unprocessableContent || stolen.status == .notFound)
            #expect(try await api.send(.get, "/v1/monitors", as: attacker).data.isEmpty)

            // The victim's view is exactly what it was.
            #expect(try await Self.victimView(api, v) == before)
        }
    }

    /// Everything the victim can see, as comparable text.
    static func victimView(_ api: APIClient, _ v: VictimRecords) async throws -> [String] {
        var view: [String] = []
        for path in [
            "/v1/competitors", "/v1/monitors", "/v1/channels", "/v1/changes", "/v1/deliveries",
            "/v1/competitors/\(v.competitor)", "/v1/monitors/\(v.monitor)", "/v1/channels/\(v.channel)",
            "/v1/changes/\(v.change)", "/v1/snapshots/\(v.snapshot)/text",
        ] {
            let reply = try await api.send(.get, path)
            #expect(reply.status == .ok, "GET \(path) as the victim: \(reply.status)")
            view.append(path + " " + String(buffer: reply.body))
        }
        return view
    }
}

/// The verbs the attack table uses, printable in expectation messages.
enum HTTPMethodName: String, CustomStringConvertible {
    case get, post, patch, delete

    var method: HTTPRequest.Method {
        switch self {
        case .get: .get
        case .post: .post
        case .patch: .patch
        case .delete: .delete
        }
    }

    var description: String { rawValue.uppercased() }
}
