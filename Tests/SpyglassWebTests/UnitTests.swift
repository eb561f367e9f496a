import Foundation
import Hummingbird
import HummingbirdTesting
import ServerSentEvents
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

    @Test("diff rows written as HTML escape every line and keep the marks")
    func diffHTML() {
        let view = DiffView(old: ["<script>alert('x')</script>", "same & \"quoted\""],
                            new: ["<img src=x onerror=alert(1)>", "same & \"quoted\""])
        #expect(view.rowsHTML == """
            <tr class="row-change"><td class="ln">1</td><td class="old"><del>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</del>\
            </td><td class="ln">1</td><td class="new"><ins>&lt;img src=x onerror=alert(1)&gt;</ins></td></tr>
            <tr class="row-equal"><td class="ln">2</td><td class="old">same &amp; &quot;quoted&quot;</td><td class="ln">2</td>\
            <td class="new">same &amp; &quot;quoted&quot;</td></tr>

            """)
        #expect(view.linesHTML == """
            <li class="line-delete"><del>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</del></li>
            <li class="line-insert"><ins>&lt;img src=x onerror=alert(1)&gt;</ins></li>
            <li class="line-equal"><span>same &amp; &quot;quoted&quot;</span></li>

            """)
        #expect(HTMLText.escaped("plain text é ✓") == "plain text é ✓")
        #expect(HTMLText.escaped("") == "")
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

    @Test("the live feed reads new changes after its cursor: this workspace's, this filter's, each once")
    func liveFeed() async throws {
        let storage = SQLiteStorage(database: try await EmbeddedDatabase.inMemory())
        let acme = storage.scoped(to: try await TenantProvisioning(storage: storage).createTenant(name: "Acme").tenant.id)
        let globex = storage.scoped(to: try await TenantProvisioning(storage: storage).createTenant(name: "Globex").tenant.id)
        let seed = Seed(store: acme)
        let competitor = try await seed.competitor("Rival")
        let monitor = try await seed.monitor(competitor)
        let opened = Date()
        let old = try await seed.change(monitor, before: "a", after: "b", summary: "Old news", at: opened.addingTimeInterval(-600))
        let feed = LiveFeed(store: acme, filter: FeedFilter(), cursor: LiveFeedCursor(since: opened))
        #expect(await feed.newItems().isEmpty, "a change from before the page was read is not live")

        let change = try await seed.change(
            monitor, before: "b", after: "c", summary: "Pro: $49 → $59", significance: 75, at: opened.addingTimeInterval(5))
        let items = await feed.newItems()
        #expect(items.map(\.id) == [change.id.rawValue])
        let item = try #require(items.first)
        #expect(item.summary == "Pro: $49 → $59")
        #expect(item.competitor == "Rival")
        #expect(item.href == "/changes/\(change.id)")
        #expect(item.level == "high")
        #expect(await feed.newItems().isEmpty, "each change is sent once")
        #expect(!items.contains { $0.id == old.id.rawValue })

        let wire = LiveFeedStream.record(item).wireText
        #expect(wire.hasPrefix("id: \(change.id)\nevent: change.detected\ndata: {"))
        #expect(wire.hasSuffix("}\n\n"))
        #expect(wire.components(separatedBy: "\n").count == 5)
        #expect(wire.contains(#""competitor_href":"/competitors/\#(competitor.id)""#))

        let theirs = LiveFeed(store: globex, filter: FeedFilter(), cursor: LiveFeedCursor(since: opened))
        #expect(await theirs.newItems().isEmpty, "another workspace's changes never reach this feed")
        let people = LiveFeed(store: acme, filter: FeedFilter(category: "people"), cursor: LiveFeedCursor(since: opened))
        #expect(await people.newItems().isEmpty)
        let important = LiveFeed(store: acme, filter: FeedFilter(minSignificance: 80), cursor: LiveFeedCursor(since: opened))
        #expect(await important.newItems().isEmpty)
    }

    @Test("a change committed late, out of detection order, is still sent, and only once")
    func cursorOverlap() {
        let now = Date()
        func change(_ seconds: TimeInterval) -> Change {
            Change(
                id: .generate(at: now.addingTimeInterval(seconds)), tenantID: Tenant.ID(trusted: "ten_1"),
                monitorID: Monitor.ID(trusted: "mon_1"), competitorID: Competitor.ID(trusted: "cmp_1"),
                previousSnapshotID: Snapshot.ID(trusted: "snp_0"), snapshotID: Snapshot.ID(trusted: "snp_1"), added: [], removed: [], diff: "",
                summary: "", detectedAt: now.addingTimeInterval(seconds))
        }
        var cursor = LiveFeedCursor(since: now)
        let first = change(10), late = change(5), ancient = change(-3600)
        #expect(cursor.admit([first]).map(\.id) == [first.id])
        #expect(cursor.since == first.detectedAt)
        #expect(cursor.admit([first, late, ancient]).map(\.id) == [late.id], "within the overlap, new to this feed")
        #expect(cursor.admit([first, late]).isEmpty)
        let second = change(20), third = change(15)
        #expect(cursor.admit([second, third]).map(\.id) == [third.id, second.id], "oldest first")
    }

    @Test("the page's since is read leniently: missing, garbage or far off means about now")
    func liveSince() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(LiveFeedStream.since(nil, now: now) == now)
        #expect(LiveFeedStream.since("soon", now: now) == now)
        #expect(LiveFeedStream.since("1799999990000", now: now) == now.addingTimeInterval(-10))
        #expect(LiveFeedStream.since("0", now: now) == now.addingTimeInterval(-86_400))
        #expect(LiveFeedStream.since("99999999999999999", now: now) == now.addingTimeInterval(60))
        #expect(LiveFeedStream.announcesChange(Array(#"{"type":"change.detected","data":{}}"#.utf8)))
        for other in ["", "{", "[]", #"{"type":"check.finished"}"#, "\u{0}"] {
            #expect(!LiveFeedStream.announcesChange(Array(other.utf8)))
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
