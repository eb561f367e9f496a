import Foundation
import SpyglassDomain
import Testing

@Suite("Domain")
struct DomainTests {
    @Test("identifiers sort by creation time and reject foreign shapes")
    func identifiers() throws {
        let early = Monitor.ID.generate(at: Date(timeIntervalSince1970: 1_000))
        let late = Monitor.ID.generate(at: Date(timeIntervalSince1970: 2_000))
        #expect(early < late)
        #expect(Monitor.ID(early.rawValue) == early)
        #expect(Monitor.ID(early.rawValue.uppercased()) == nil)
        #expect(Competitor.ID(early.rawValue) == nil)
        #expect(Monitor.ID("mon_") == nil)
        #expect(Monitor.ID("mon_' OR 1=1 --") == nil)
        #expect(Monitor.ID(String(repeating: "a", count: 10_000)) == nil)
    }

    @Test("back-off ceilings double up to the cap", arguments: [(1, 2.0), (2, 4.0), (3, 8.0), (10, 600.0), (1_000, 600.0)])
    func backoffCeiling(attempt: Int, seconds: Double) {
        #expect(BackoffSchedule.jobs.ceiling(forAttempt: attempt) == .seconds(seconds))
    }

    @Test("back-off delays stay within [minimum, ceiling] with jitter")
    func backoffJitter() {
        var generator = SeededGenerator(seed: 42)
        var distinct = Set<Duration>()
        for attempt in 1...20 {
            for _ in 0..<50 {
                let delay = BackoffSchedule.deliveries.delay(forAttempt: attempt, using: &generator)
                #expect(delay >= .seconds(5))
                #expect(delay <= BackoffSchedule.deliveries.ceiling(forAttempt: attempt))
                distinct.insert(delay)
            }
        }
        #expect(distinct.count > 100, "jitter must spread the delays")
    }

    @Test("URLs: only absolute http(s) with a host and no credentials", arguments: [
        ("https://rival.example/pricing", true), ("http://127.0.0.1:8080/x", true), ("ftp://rival.example", false),
        ("not a url", false), ("", false), ("https://user:pw@rival.example", false), ("https://", false),
        ("javascript:alert(1)", false), ("file:///etc/passwd", false),
    ])
    func urls(url: String, valid: Bool) {
        #expect((Validate.webURL(url, field: "url") == nil) == valid)
    }

    @Test("interval floor and ceiling")
    func intervals() {
        let policy = CheckIntervalPolicy(minimumSeconds: 60)
        #expect(Validate.interval(59, policy: policy, field: "interval_seconds") != nil)
        #expect(Validate.interval(60, policy: policy, field: "interval_seconds") == nil)
        #expect(Validate.interval(8 * 86_400, policy: policy, field: "interval_seconds") != nil)
    }
}

/// SplitMix64, for repeatable randomness in tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Routing rules")
struct RoutingRuleTests {
    func change(category: String?, significance: Int, competitor: Competitor.ID) -> Change {
        Change(id: .generate(), tenantID: .generate(), monitorID: .generate(), competitorID: competitor,
               previousSnapshotID: .generate(), snapshotID: .generate(), added: [], removed: [], diff: "", summary: "",
               detectedAt: Date(), category: category, significance: significance)
    }

    @Test("every condition that is set must hold")
    func conditions() {
        let rival = Competitor(id: .generate(), tenantID: .generate(), name: "R", website: nil, tags: ["crm", "eu"],
                               createdAt: Date(), updatedAt: Date())
        let pricing = change(category: "pricing", significance: 85, competitor: rival.id)
        #expect(RoutingRule.everything.accepts(pricing, competitor: rival))
        #expect(RoutingRule(categories: ["pricing", "product"]).accepts(pricing, competitor: rival))
        #expect(!RoutingRule(categories: ["people"]).accepts(pricing, competitor: rival))
        #expect(!RoutingRule(minSignificance: 90).accepts(pricing, competitor: rival))
        #expect(RoutingRule(competitorIds: [rival.id.rawValue]).accepts(pricing, competitor: rival))
        #expect(!RoutingRule(competitorIds: ["cmp_other"]).accepts(pricing, competitor: rival))
        #expect(RoutingRule(tags: ["eu"]).accepts(pricing, competitor: rival))
        #expect(!RoutingRule(tags: ["us"]).accepts(pricing, competitor: rival))
        #expect(!RoutingRule(categories: ["pricing"]).accepts(change(category: nil, significance: 99, competitor: rival.id),
                                                             competitor: rival))
    }
}
