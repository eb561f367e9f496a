import Foundation
import SpyglassDomain
import SpyglassPorts
import Testing

/// Tenants, competitors, monitors and channels, and the scheduler's and the
/// digest service's cross-tenant paths.
extension StorageContractTests {
    @Test("tenants are counted across the instance", arguments: AdapterSet.all)
    func tenantCount(adapters: AdapterSet) async throws {
        let storage = try await adapters.make(ManualClock()).storage
        #expect(try await storage.tenantCount() == 0)
        _ = try await Fixtures.tenant(storage, name: "Acme")
        _ = try await Fixtures.tenant(storage, name: "Globex")
        #expect(try await storage.tenantCount() == 2)
    }

    @Test("a monitor keeps every field through insert, update and listing", arguments: AdapterSet.all)
    func monitorRoundTrip(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let store = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let now = clock.now()
        let first = try await Fixtures.competitor(store, at: now, name: "First")
        let second = try await Fixtures.competitor(store, at: now, name: "Second")
        var monitor = Monitor(
            id: .generate(at: now), tenantID: store.tenantID, competitorID: first.id, url: "https://rival.example/a",
            kind: .json, selector: "$.plans[*]", intervalSeconds: 900, enabled: false,
            nextCheckAt: now.addingTimeInterval(900.25), lastCheckedAt: now, etag: "\"v1\"",
            lastModified: "Wed, 21 Oct 2026 07:28:00 GMT", lastSnapshotID: .generate(at: now),
            noiseRulesJSON: #"{"ignore_text":["Updated"]}"#, excludeSelectors: [".ad", "#cookie-banner"],
            pinnedCategory: "pricing", significanceThreshold: 40, versionHistoryJSON: #"["a1","b2"]"#,
            createdAt: now, updatedAt: now)
        try await store.insertMonitor(monitor)
        #expect(try await store.monitor(monitor.id) == monitor)
        clock.advance(by: 1)
        let other = try await Fixtures.monitor(store, competitor: second, at: clock.now())
        #expect(try await store.monitors(competitorID: first.id, page: PageRequest()).items == [monitor])
        #expect(try await store.monitors(competitorID: second.id, page: PageRequest()).items == [other])
        #expect(try await store.monitors(competitorID: nil, page: PageRequest()).items == [monitor, other])

        clock.advance(by: 1)
        monitor.url = "https://rival.example/b"
        monitor.kind = .html
        monitor.selector = nil
        monitor.enabled = true
        monitor.etag = nil
        monitor.lastSnapshotID = nil
        monitor.noiseRulesJSON = nil
        monitor.excludeSelectors = []
        monitor.pinnedCategory = nil
        monitor.significanceThreshold = 0
        monitor.updatedAt = clock.now()
        #expect(try await store.updateMonitor(monitor))
        #expect(try await store.monitor(monitor.id) == monitor)

        // Another tenant cannot reach it, even with a record that names the owner.
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        var hijack = monitor
        hijack.url = "https://evil.example"
        #expect(try await !globex.updateMonitor(hijack))
        #expect(try await globex.monitors(competitorID: first.id, page: PageRequest()).items.isEmpty)
        #expect(try await store.monitor(monitor.id)?.url == "https://rival.example/b")

        #expect(try await store.deleteMonitor(monitor.id))
        #expect(try await !store.deleteMonitor(monitor.id))
        #expect(try await store.monitor(monitor.id) == nil)
    }

    @Test("a channel keeps its routing and digest; another tenant cannot touch it", arguments: AdapterSet.all)
    func channelRoundTrip(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let store = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        let now = clock.now()
        var channel = AlertChannel(
            id: .generate(at: now), tenantID: store.tenantID, kind: .email, name: "Weekly",
            url: "mailto:a@acme.example,b@acme.example", secret: "s3cret", enabled: true,
            routing: RoutingRule(categories: ["pricing"], minSignificance: 30, competitorIds: ["cmp_1"], tags: ["saas"]),
            digest: .weekly, lastDigestAt: now.addingTimeInterval(-60), createdAt: now, updatedAt: now)
        try await store.insertChannel(channel)
        #expect(try await store.channel(channel.id) == channel)
        clock.advance(by: 1)
        let hook = AlertChannel(
            id: .generate(at: clock.now()), tenantID: store.tenantID, kind: .webhook, name: "Hook",
            url: "https://hooks.example/x", secret: "k", enabled: true, createdAt: now, updatedAt: now)
        try await store.insertChannel(hook)
        #expect(try await store.channels(page: PageRequest()).items == [channel, hook])
        let firstPage = try await store.channels(page: PageRequest(limit: 1))
        #expect(firstPage.items == [channel])
        let next = try #require(firstPage.nextAfter)
        #expect(try await store.channels(page: PageRequest(limit: 1, after: next)).items == [hook])

        channel.name = "Daily"
        channel.enabled = false
        channel.routing = .everything
        channel.digest = .daily
        channel.lastDigestAt = nil
        channel.updatedAt = clock.now()
        #expect(try await store.updateChannel(channel))
        #expect(try await store.channel(channel.id) == channel)

        #expect(try await globex.channel(channel.id) == nil)
        #expect(try await globex.channels(page: PageRequest()).items.isEmpty)
        #expect(try await !globex.updateChannel(channel))
        #expect(try await !globex.deleteChannel(channel.id))
        #expect(try await store.deleteChannel(channel.id))
        #expect(try await store.channel(channel.id) == nil)
        #expect(try await !store.deleteChannel(channel.id))
    }

    @Test("text that looks like SQL, or is not plain ASCII, is stored as given", arguments: AdapterSet.all)
    func hostileText(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let store = storage.scoped(to: try await Fixtures.tenant(storage).id)
        let names = [
            "Robert'); DROP TABLE competitors;--", #"$1 \' " %s ? :name"#, "日本語 🚀 ﷺ", String(repeating: "x", count: 10_000),
        ]
        for name in names {
            clock.advance(by: 1)
            var competitor = try await Fixtures.competitor(store, at: clock.now(), name: name)
            competitor.tags = [name, "' OR '1'='1"]
            competitor.website = name
            #expect(try await store.updateCompetitor(competitor))
            #expect(try await store.competitor(competitor.id) == competitor)
        }
        #expect(try await store.competitors(page: PageRequest()).items.map(\.name) == names)
        #expect(try await store.changes(filter: ChangeFilter(category: "' OR '1'='1"), page: PageRequest()).items.isEmpty)
    }

    /// Text cannot always hold U+0000: PostgreSQL stores U+FFFD in its place, and
    /// SQLite (through SQLiteNIO) reads the text back cut at it. Neither fails.
    @Test("a NUL character in stored text is not an error", arguments: AdapterSet.all)
    func nulCharacter(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let store = storage.scoped(to: try await Fixtures.tenant(storage).id)
        let competitor = try await Fixtures.competitor(store, at: clock.now(), name: "nul\u{0}byte")
        let stored = try #require(try await store.competitor(competitor.id))
        #expect(["nul", "nul\u{0}byte", "nul\u{FFFD}byte"].contains(stored.name))
        #expect(try await store.changes(filter: ChangeFilter(category: "a\u{0}"), page: PageRequest()).items.isEmpty)
    }

    @Test("the claim takes due, enabled monitors of every tenant, soonest first, up to the limit", arguments: AdapterSet.all)
    func claimOrderAndLimit(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let acme = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        let now = clock.now()
        func monitor(_ store: any TenantStorage, dueIn seconds: TimeInterval, enabled: Bool = true) async throws -> Monitor {
            let competitor = try await Fixtures.competitor(store, at: now)
            var monitor = try await Fixtures.monitor(store, competitor: competitor, at: now)
            monitor.nextCheckAt = now.addingTimeInterval(seconds)
            monitor.enabled = enabled
            _ = try await store.updateMonitor(monitor)
            return monitor
        }
        let soon = try await monitor(acme, dueIn: -30)
        let sooner = try await monitor(acme, dueIn: -60)
        _ = try await monitor(acme, dueIn: 60)
        _ = try await monitor(acme, dueIn: -90, enabled: false)
        let other = try await monitor(globex, dueIn: -10)

        let first = try await storage.claimDueMonitors(now: now, limit: 2) { $0.nextCheckAt.addingTimeInterval(3_600) }
        #expect(first.map(\.id) == [sooner.id, soon.id])
        let second = try await storage.claimDueMonitors(now: now, limit: 10) { $0.nextCheckAt.addingTimeInterval(3_600) }
        #expect(second.map(\.id) == [other.id])
        #expect(try await globex.monitor(other.id)?.nextCheckAt == now.addingTimeInterval(3_590))
        #expect(try await storage.claimDueMonitors(now: now, limit: 10) { _ in now }.isEmpty)
    }

    @Test("concurrent claims never take the same monitor", arguments: AdapterSet.all)
    func concurrentClaims(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let store = storage.scoped(to: try await Fixtures.tenant(storage).id)
        let competitor = try await Fixtures.competitor(store, at: clock.now())
        var created: Set<Monitor.ID> = []
        for _ in 0..<12 {
            created.insert(try await Fixtures.monitor(store, competitor: competitor, at: clock.now()).id)
        }
        let now = clock.now()
        let later = now.addingTimeInterval(3_600)
        async let a = storage.claimDueMonitors(now: now, limit: 8) { _ in later }
        async let b = storage.claimDueMonitors(now: now, limit: 8) { _ in later }
        async let c = storage.claimDueMonitors(now: now, limit: 8) { _ in later }
        let claimed = try await (a + b + c).map(\.id)
        #expect(claimed.count == 12)
        #expect(Set(claimed) == created)
    }

    @Test("digests are due a day or a week after the last one, for enabled e-mail channels", arguments: AdapterSet.all)
    func dueDigests(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let acme = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        let start = clock.now()
        func channel(
            _ store: any TenantStorage, kind: AlertChannel.Kind = .email, digest: AlertChannel.DigestPeriod?,
            enabled: Bool = true
        ) async throws -> AlertChannel {
            let channel = AlertChannel(
                id: .generate(at: start), tenantID: store.tenantID, kind: kind, name: "c", url: "mailto:a@x.example",
                secret: "s", enabled: enabled, digest: digest, createdAt: start, updatedAt: start)
            try await store.insertChannel(channel)
            return channel
        }
        var daily = try await channel(acme, digest: .daily)
        let weekly = try await channel(acme, digest: .weekly)
        _ = try await channel(acme, digest: .daily, enabled: false)
        _ = try await channel(acme, digest: nil)
        _ = try await channel(acme, kind: .webhook, digest: .daily)
        let otherDaily = try await channel(globex, digest: .daily)

        #expect(try await storage.dueDigestChannels(now: start.addingTimeInterval(86_399), limit: 10).isEmpty)
        let dayLater = start.addingTimeInterval(86_400)
        #expect(Set(try await storage.dueDigestChannels(now: dayLater, limit: 10).map(\.id)) == [daily.id, otherDaily.id])
        #expect(try await storage.dueDigestChannels(now: dayLater, limit: 1).count == 1)
        #expect(try await storage.dueDigestChannels(now: start.addingTimeInterval(7 * 86_400), limit: 10).count == 3)

        daily.lastDigestAt = dayLater
        #expect(try await acme.updateChannel(daily))
        let due = try await storage.dueDigestChannels(now: dayLater.addingTimeInterval(3_600), limit: 10)
        #expect(due.map(\.id) == [otherDaily.id])
        #expect(due.first == otherDaily)
        #expect(!due.map(\.id).contains(weekly.id))
    }
}
