import Foundation
import NoiseFilter
import Testing

@Suite("Version history")
struct VersionHistoryTests {
    @Test("keeps the last K versions, oldest first")
    func capacity() {
        var history = VersionHistory()
        #expect(history.capacity == 10)
        for index in 0..<15 { history.record(["Acme", "Pro $\(index)"]) }
        #expect(history.versions.count == 10)
        var fresh = VersionHistory()
        for index in 5..<15 { fresh.record(["Acme", "Pro $\(index)"]) }
        #expect(fresh.versions == history.versions)
    }

    @Test("a version equal to the newest is not recorded twice; masked noise counts as equal")
    func deduplicates() {
        var history = VersionHistory()
        history.record(["Acme", "Updated 3 hours ago"])
        history.record(["Acme", "Updated 4 hours ago"])
        history.record(["Acme", "Updated 4 hours ago"])
        #expect(history.versions.count == 1)
        history.record(["Acme", "Pro $49"])
        history.record(["Acme", "Updated 3 hours ago"])
        #expect(history.versions.count == 3)
    }

    @Test("a smaller capacity trims on the next record; nonsense capacities are clamped")
    func clamped() {
        var history = VersionHistory(capacity: 3)
        for index in 0..<5 { history.record(["v\(index)"]) }
        #expect(history.versions.count == 3)
        history.capacity = 1
        history.record(["v9"])
        #expect(history.versions.count == 1)
        var odd = VersionHistory(capacity: -5)
        odd.record(["a"])
        odd.record(["b"])
        #expect(odd.versions.count == 1)
    }

    @Test("stores hashes only, stays small, and round-trips through JSON")
    func codable() throws {
        var history = VersionHistory()
        let secret = "Internal codename: Falcon"
        for index in 0..<10 { history.record(["Acme", secret, "Version \(index) of the page"]) }
        let data = try JSONEncoder().encode(history)
        let json = String(decoding: data, as: UTF8.self)
        #expect(!json.contains("Falcon"))
        #expect(data.count < 2_000)
        #expect(try JSONDecoder().decode(VersionHistory.self, from: data) == history)
    }

    @Test("line hashes per version are capped")
    func lineCap() {
        var history = VersionHistory()
        history.record((0..<(VersionHistory.maxLineHashes + 500)).map { "Line \($0)" })
        #expect(history.versions.first?.lineHashes.count == VersionHistory.maxLineHashes)
    }

    @Test("the default record matches a default filter's record")
    func defaultRules() {
        var viaHistory = VersionHistory(), viaFilter = VersionHistory()
        viaHistory.record(["Acme", "Pro $49"])
        NoiseFilter().record(["Acme", "Pro $49"], in: &viaFilter)
        #expect(viaHistory == viaFilter)
        var other = VersionHistory()
        NoiseFilter(rules: NoiseRules(ignoreText: ["x"])).record(["Acme", "Pro $49"], in: &other)
        #expect(other.rulesFingerprint != viaHistory.rulesFingerprint)
    }

    @Test("hashes are stable across runs (stored histories stay comparable)")
    func stableHashes() {
        var history = VersionHistory()
        history.record(["Acme"])
        // FNV-1a 64 of "Acme": a change here invalidates every stored history.
        #expect(history.versions.first?.lineHashes == [0x84D1_D48B_0B85_7DEF])
    }
}
