import Foundation
import Hummingbird
import HummingbirdTesting
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
@testable import SpyglassWeb
import Testing

@Suite("Diffs, live items and dispatch")
struct UnitTests {
    @Test("a changed line sits next to its new version; long unchanged runs fold")
    func diff() {
        let old = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "Pro $49", "k"]
        let new = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "Pro $59", "k", "Enterprise"]
        let view = DiffView(old: old, new: new)
        #expect(view.addedCount == 2)
        #expect(view.removedCount == 1)
        let changed = view.rows.filter { $0.kind == "change" }
        #expect(changed.count == 1)
        #expect(changed.first?.oldText == "Pro $49")
        #expect(changed.first?.newText == "Pro $59")
        #expect(changed.first?.oldNumber == 11)
        #expect(view.rows.first?.fold == "7 unchanged lines")
        #expect(view.rows.last?.kind == "insert")
        #expect(view.lines.filter { $0.kind == "delete" }.map(\.text) == ["Pro $49"])
        #expect(view.lines.filter { $0.kind == "insert" }.map(\.text) == ["Pro $59", "Enterprise"])
    }

    @Test("diffs of nothing, of identical texts and of everything new stay sane")
    func diffEdges() {
        #expect(DiffView(old: [], new: []).rows.isEmpty)
        let same = DiffView(old: Array(repeating: "x", count: 100), new: Array(repeating: "x", count: 100))
        #expect(same.rows.count == 1)
        #expect(same.rows.first?.fold == "100 unchanged lines")
        let fresh = DiffView(old: [], new: ["one", "two"])
        #expect(fresh.rows.map(\.kind) == ["insert", "insert"])
    }

    @Test("a live change.detected becomes a feed item only for this workspace and this filter")
    func liveItems() async throws {
        let storage = SQLiteStorage(database: try await EmbeddedDatabase.inMemory())
        let acme = storage.scoped(to: try await TenantProvisioning(storage: storage).createTenant(name: "Acme").tenant.id)
        let globex = storage.scoped(to: try await TenantProvisioning(storage: storage).createTenant(name: "Globex").tenant.id)
        let seed = Seed(store: acme)
        let competitor = try await seed.competitor("Rival")
        let change = try await seed.change(
            try await seed.monitor(competitor), before: "a", after: "b", summary: "Pro: $49 → $59", significance: 75)
        let envelope = Array(#"{"id":"evt_1","type":"change.detected","data":{"id":"\#(change.id)"}}"#.utf8)

        let item = try #require(try await LiveFeedStream.item(from: envelope, filter: FeedFilter(), store: acme))
        #expect(item.summary == "Pro: $49 → $59")
        #expect(item.competitor == "Rival")
        #expect(item.href == "/changes/\(change.id)")
        #expect(item.level == "high")
        let wire = LiveFeedStream.wireText(item)
        #expect(wire.hasPrefix("id: \(change.id)\nevent: change.detected\ndata: {"))
        #expect(wire.hasSuffix("}\n\n"))
        #expect(wire.components(separatedBy: "\n").count == 5)
        #expect(wire.contains(#""competitor_href":"/competitors/\#(competitor.id)""#))

        #expect(try await LiveFeedStream.item(from: envelope, filter: FeedFilter(), store: globex) == nil)
        #expect(try await LiveFeedStream.item(from: envelope, filter: FeedFilter(category: "people"), store: acme) == nil)
        #expect(try await LiveFeedStream.item(from: envelope, filter: FeedFilter(minSignificance: 80), store: acme) == nil)
        for garbage in ["", "{", "[]", #"{"type":"check.finished","data":{"id":"x"}}"#,
                        #"{"type":"change.detected","data":{"id":"chg_../../x"}}"#, #"{"type":"change.detected"}"#] {
            #expect(try await LiveFeedStream.item(from: Array(garbage.utf8), filter: FeedFilter(), store: acme) == nil)
        }
    }

    @Test("one port: /v1/* and /healthz reach the API, everything else the dashboard")
    func dispatch() async throws {
        let api = Router()
        api.get("/v1/ping") { _, _ in "api" }
        api.get("/healthz") { _, _ in "api-health" }
        let web = Router()
        web.get("/") { _, _ in "web" }
        web.get("/v1beta") { _, _ in "web-v1beta" }
        let app = Application(responder: PathDispatcher(api: api.buildResponder(), web: web.buildResponder()))
        try await app.test(.router) { client in
            for (uri, expected) in [("/v1/ping", "api"), ("/healthz", "api-health"), ("/", "web"), ("/v1beta", "web-v1beta")] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(String(buffer: response.body) == expected, "\(uri)")
            }
        }
        #expect(PathDispatcher<RouterResponder<BasicRequestContext>, RouterResponder<BasicRequestContext>>.isAPI("/v1"))
    }
}
