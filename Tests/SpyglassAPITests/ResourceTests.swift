import Foundation
import HTTPTypes
import NIOCore
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
import Testing

@Suite("API resources")
struct ResourceTests {
    @Test("competitors: create, read, update, list, delete")
    func competitors() async throws {
        try await APIHarness().run { api in
            let id = try await api.competitor()
            let read = try await api.send(.get, "/v1/competitors/\(id)")
            #expect(read.status == .ok)
            #expect(read.json["name"] as? String == "Rival")
            #expect(read.json["tags"] as? [String] == [])
            let patched = try await api.send(.patch, "/v1/competitors/\(id)", json: #"{"tags":["crm"],"website":null}"#)
            #expect(patched.status == .ok)
            #expect(patched.json["tags"] as? [String] == ["crm"])
            #expect(patched.json["website"] is NSNull)
            let list = try await api.send(.get, "/v1/competitors")
            #expect(list.data.count == 1)
            #expect(list.json["next_cursor"] is NSNull)
            #expect(try await api.send(.delete, "/v1/competitors/\(id)").status == .noContent)
            #expect(try await api.send(.get, "/v1/competitors/\(id)").status == .notFound)
        }
    }

    @Test("monitors: defaults, check now returns 202 with one deduplicated job")
    func monitors() async throws {
        try await APIHarness().run { api in
            let competitor = try await api.competitor()
            let id = try await api.monitor(competitor: competitor)
            let monitor = try await api.send(.get, "/v1/monitors/\(id)")
            #expect(monitor.json["kind"] as? String == "html")
            #expect(monitor.json["interval_seconds"] as? Int == 3_600)
            #expect(monitor.json["enabled"] as? Bool == true)
            let first = try await api.send(.post, "/v1/monitors/\(id)/check")
            #expect(first.status == .accepted)
            #expect(first.json["status"] as? String == "queued")
            #expect(first.json["kind"] as? String == "check")
            let second = try await api.send(.post, "/v1/monitors/\(id)/check")
            #expect(second.id == first.id)
            let jobs = try await api.send(.get, "/v1/jobs?status=queued")
            #expect(jobs.data.count == 1)
            #expect(try await api.send(.get, "/v1/jobs/\(first.id)").status == .ok)
            #expect(try await api.send(.get, "/v1/monitors?competitor_id=\(competitor)").data.count == 1)
            #expect(try await api.send(.get, "/v1/monitors/\(id)/checks").data.isEmpty)
            #expect(try await api.send(.get, "/v1/monitors/\(id)/snapshots").data.isEmpty)
        }
    }

    @Test("a selector is validated when the monitor is created")
    func selectors() async throws {
        try await APIHarness().run { api in
            let competitor = try await api.competitor()
            let good = try await api.send(.post, "/v1/monitors", json: #"""
                {"competitor_id":"\#(competitor)","url":"https://rival.example/p","selector":"main .pricing > li"}
                """#)
            #expect(good.status == .created)
            #expect(good.json["selector"] as? String == "main .pricing > li")
            let bad = try await api.send(.post, "/v1/monitors", json: #"""
                {"competitor_id":"\#(competitor)","url":"https://rival.example/p","selector":"div[[["}
                """#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.fieldNames == ["selector"])
        }
    }

    @Test("channels show their secret once and queue a test delivery")
    func channels() async throws {
        try await APIHarness().run { api in
            let created = try await api.send(.post, "/v1/channels", json: #"{"kind":"webhook","url":"https://hooks.example/in"}"#)
            #expect(created.status == .created)
            let secret = try #require(created.json["secret"] as? String)
            #expect(secret.hasPrefix("whsec_"))
            let read = try await api.send(.get, "/v1/channels/\(created.id)")
            #expect(read.json["secret"] == nil)
            let test = try await api.send(.post, "/v1/channels/\(created.id)/test")
            #expect(test.status == .accepted)
            #expect(test.json["event_type"] as? String == "channel.test")
            let deliveries = try await api.send(.get, "/v1/deliveries?channel_id=\(created.id)")
            #expect(deliveries.data.count == 1)
            let one = try await api.send(.get, "/v1/deliveries/\(test.id)")
            #expect(one.json["attempt_log"] as? [Any] != nil)
        }
    }

    @Test("cursor pagination walks every item exactly once")
    func pagination() async throws {
        try await APIHarness().run { api in
            var created: [String] = []
            for index in 0..<5 { created.append(try await api.competitor("C\(index)")) }
            var seen: [String] = []
            var uri = "/v1/competitors?limit=2"
            while true {
                let page = try await api.send(.get, uri)
                seen += page.data.compactMap { $0["id"] as? String }
                guard let next = page.json["next_cursor"] as? String else { break }
                uri = "/v1/competitors?limit=2&cursor=\(next)"
            }
            #expect(seen == created)
        }
    }

    @Test("the queue's depth and the wait of its oldest due job")
    func queueState() async throws {
        try await APIHarness().run { api in
            let empty = try await api.send(.get, "/v1/queue")
            #expect(empty.status == .ok)
            #expect((empty.json["depth"] as? [String: Int])?["queued"] == 0)
            #expect(empty.json["oldest_ready_age_seconds"] is NSNull)
            let competitor = try await api.competitor()
            let monitor = try await api.monitor(competitor: competitor)
            #expect(try await api.send(.post, "/v1/monitors/\(monitor)/check").status == .accepted)
            let busy = try await api.send(.get, "/v1/queue")
            #expect((busy.json["depth"] as? [String: Int])?["queued"] == 1)
            #expect((busy.json["oldest_ready_age_seconds"] as? Double ?? -1) >= 0)
        }
    }

    @Test("health and the OpenAPI document need no key")
    func publicRoutes() async throws {
        try await APIHarness().run { api in
            #expect(try await api.send(.get, "/healthz", as: "").status == .ok)
            let document = try await api.send(.get, "/v1/openapi.json", as: "")
            #expect(document.status == .ok)
            #expect(document.json["openapi"] as? String == "3.1.0")
        }
    }

    @Test("channels take routing rules, validated field by field")
    func routing() async throws {
        try await APIHarness().run { api in
            let created = try await api.send(.post, "/v1/channels", json: #"""
                {"kind":"slack","url":"https://hooks.example/s","routing":{"categories":["pricing"],"min_significance":70}}
                """#)
            #expect(created.status == .created)
            let routing = try #require(created.json["routing"] as? [String: Any])
            #expect(routing["categories"] as? [String] == ["pricing"])
            #expect(routing["min_significance"] as? Int == 70)
            let bad = try await api.send(.post, "/v1/channels", json: #"""
                {"kind":"slack","url":"https://hooks.example/s","routing":{"categories":["gossip"],"min_significance":300}}
                """#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.fieldNames) == ["routing.categories", "routing.min_significance"])
            let reset = try await api.send(.patch, "/v1/channels/\(created.id)", json: #"{"routing":null}"#)
            #expect((reset.json["routing"] as? [String: Any])?["categories"] as? [String] == [])
        }
    }

    @Test("monitors take noise rules, a pinned category and a threshold")
    func intelligenceSettings() async throws {
        try await APIHarness().run { api in
            let competitor = try await api.competitor()
            let created = try await api.send(.post, "/v1/monitors", json: #"""
                {"competitor_id":"\#(competitor)","url":"https://rival.example/p","category":"pricing",
                 "significance_threshold":40,"exclude_selectors":[".carousel"],"noise_rules":{"ignore_text":["Updated"],"triggers":[{"event":"appears","text":"Enterprise"}]}}
                """#)
            #expect(created.status == .created)
            #expect(created.json["category"] as? String == "pricing")
            #expect(created.json["significance_threshold"] as? Int == 40)
            #expect(created.json["exclude_selectors"] as? [String] == [".carousel"])
            let rules = try #require(created.json["noise_rules"] as? [String: Any])
            #expect(rules["ignore_text"] as? [String] == ["Updated"])
            let bad = try await api.send(.post, "/v1/monitors", json: #"""
                {"competitor_id":"\#(competitor)","url":"https://rival.example/p","category":"gossip",
                 "significance_threshold":101,"exclude_selectors":["div[[["],"noise_rules":{"ignore_patterns":["(unclosed"]}}
                """#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.fieldNames) == ["category", "significance_threshold", "noise_rules", "exclude_selectors"])
        }
    }

    @Test("a competitor's prices and job counts over time come from the facts of its snapshots")
    func trends() async throws {
        let harness = try await APIHarness()
        let storage = harness.storage
        try await harness.run { api in
            let competitor = try await api.competitor()
            let monitorID = try await api.monitor(competitor: competitor)
            let tenant = try #require(try await TenantProvisioning(storage: storage).authenticate(secret: api.key)).tenantID
            let store = storage.scoped(to: tenant)
            let id = try #require(Monitor.ID(monitorID))
            var monitor = try #require(try await store.monitor(id))
            for (index, amount) in ["49", "59"].enumerated() {
                let at = Date(timeIntervalSince1970: 1_800_000_000 + Double(index) * 3_600)
                let facts = #"{"prices":[{"plan":"Pro","amount":"\#(amount)","currency":"USD","period":"month","perUser":false,"billedAnnually":false,"kind":"paid","text":"$\#(amount)/mo"}],"plans":[],"jobs":[{"title":"Engineer"}],"items":[],"sitemapUrls":[],"meta":{},"headlines":[]}"#
                let snapshot = Snapshot(id: .generate(at: at), tenantID: tenant, monitorID: monitor.id,
                                        contentHash: "h\(index)", byteCount: 1, capturedAt: at, factsJSON: facts)
                monitor.lastSnapshotID = snapshot.id
                try await store.recordCheck(CheckResult(
                    run: CheckRun(id: .generate(at: at), tenantID: tenant, monitorID: monitor.id, jobID: nil,
                                  outcome: .baseline, snapshotID: snapshot.id, startedAt: at, finishedAt: at),
                    monitor: monitor, snapshot: snapshot, snapshotText: "Pro $\(amount)/mo"))
            }
            let prices = try await api.send(.get, "/v1/competitors/\(competitor)/prices")
            #expect(prices.status == .ok)
            #expect(prices.data.compactMap { $0["amount"] as? String } == ["49", "59"])
            #expect(prices.data.allSatisfy { $0["currency"] as? String == "USD" && $0["plan"] as? String == "Pro" })
            let jobs = try await api.send(.get, "/v1/competitors/\(competitor)/jobs")
            #expect(jobs.data.compactMap { $0["count"] as? Int } == [1, 1])
            #expect(try await api.send(.get, "/v1/competitors/cmp_00000000000000000000000000000000/prices").status == .notFound)
            #expect(try await api.send(.get, "/v1/changes?category=pricing&min_significance=50").status == .ok)
            #expect(try await api.send(.get, "/v1/changes?category=gossip").status == .badRequest)
        }
    }

    @Test("e-mail channels take mailto addresses and a digest period")
    func emailChannels() async throws {
        try await APIHarness().run { api in
            let created = try await api.send(.post, "/v1/channels", json: #"{"kind":"email","url":"mailto:pm@acme.example","digest":"weekly"}"#)
            #expect(created.status == .created)
            #expect(created.json["digest"] as? String == "weekly")
            let defaulted = try await api.send(.post, "/v1/channels", json: #"{"kind":"email","url":"mailto:a@acme.example, b@acme.example"}"#)
            #expect(defaulted.json["digest"] as? String == "daily")
            for bad in [#""mailto:""#, #""mailto:not-an-address""#, #""mailto:a@b.example\r\nBcc: x@y.example""#, #""https://acme.example""#] {
                let reply = try await api.send(.post, "/v1/channels", json: #"{"kind":"email","url":\#(bad)}"#)
                #expect(reply.status == .unprocessableContent, "\(bad)")
                #expect(reply.fieldNames == ["url"])
            }
            let badDigest = try await api.send(.post, "/v1/channels", json: #"{"kind":"email","url":"mailto:a@b.example","digest":"hourly"}"#)
            #expect(badDigest.fieldNames == ["digest"])
        }
    }
}
