import NoiseFilter
import Testing

@Suite("Rotating content and reverts")
struct RotationTests {
    private static let testimonials = [
        "“Acme doubled our pipeline.” — Ann, Globex",
        "“Setup took five minutes.” — Bob, Initech",
        "“Best support we have had.” — Cy, Umbrella",
    ]

    private static func page(testimonial: Int, price: String = "$49") -> [String] {
        ["Acme Analytics", "Pro \(price) per month", testimonials[testimonial % 3], "Start free trial"]
    }

    /// Runs the versions through the filter the way the pipeline does and returns each verdict.
    private static func run(_ versions: [[String]], filter: NoiseFilter = NoiseFilter()) -> [NoiseVerdict] {
        var history = VersionHistory()
        var verdicts: [NoiseVerdict] = []
        guard var previous = versions.first else { return [] }
        filter.record(previous, in: &history)
        for current in versions.dropFirst() {
            verdicts.append(filter.evaluate(previous: previous, current: current, history: history))
            filter.record(current, in: &history)
            previous = current
        }
        return verdicts
    }

    @Test("a three-way rotating testimonial alerts while new, then is suppressed as rotating")
    func threeWayRotation() {
        let verdicts = Self.run((0..<9).map { Self.page(testimonial: $0) })
        // v2 and v3 show new testimonials; v4 brings back v1's page (a revert: the line it
        // replaces had only been seen in the previous version).
        #expect(verdicts.map(\.outcome) == [.changed, .changed, .reverted, .noiseOnly, .noiseOnly, .noiseOnly, .noiseOnly, .noiseOnly])
        for verdict in verdicts.dropFirst(3) {
            #expect(verdict.added.isEmpty && verdict.removed.isEmpty)
            #expect(verdict.suppressed.count == 1)
            #expect(verdict.suppressed.first?.rule == "rotating")
            #expect(verdict.suppressed.first?.reason == "rotating content seen before")
        }
        #expect(verdicts[4].suppressed.first?.removed == [Self.testimonials[1]])
        #expect(verdicts[4].suppressed.first?.added == [Self.testimonials[2]])
    }

    @Test("a real change during a rotation is still reported, the rotation suppressed")
    func realChangeDuringRotation() {
        var versions = (0..<6).map { Self.page(testimonial: $0) }
        versions.append(Self.page(testimonial: 6, price: "$59"))
        let last = Self.run(versions).last
        #expect(last?.outcome == .changed)
        #expect(last?.added == ["Pro $59 per month"])
        #expect(last?.removed == ["Pro $49 per month"])
        #expect(last?.suppressed.map(\.rule) == ["rotating"])
    }

    @Test("a price that goes back once is a change, not rotation")
    func priceRevert() {
        let verdicts = Self.run([Self.page(testimonial: 0), Self.page(testimonial: 0, price: "$59"), Self.page(testimonial: 0)])
        #expect(verdicts.map(\.outcome) == [.changed, .reverted])
        #expect(verdicts[1].added == ["Pro $49 per month"])
        #expect(verdicts[1].removed == ["Pro $59 per month"])
    }

    @Test("a line appearing again on its own is never rotation")
    func pureInsertionIsNotRotation() {
        let base = ["Acme", "Pro $49"]
        let soldOut = ["Acme", "Sold out", "Pro $49"]
        let verdicts = Self.run([base, soldOut, base, soldOut, base, soldOut])
        #expect(verdicts.allSatisfy { $0.outcome == .changed || $0.outcome == .reverted })
        #expect(verdicts.last?.added == ["Sold out"])
    }

    @Test("a page matching an older version, not the previous one, is reverted")
    func reverted() {
        let v1 = ["Acme", "Pro $49", "Team $99"]
        let v2 = ["Acme", "Pro $59", "Team $129", "Enterprise: call us"]
        let verdicts = Self.run([v1, v2, v1])
        #expect(verdicts.map(\.outcome) == [.changed, .reverted])
        #expect(verdicts[1].added == ["Pro $49", "Team $99"])
        #expect(verdicts[1].removed == ["Pro $59", "Team $129", "Enterprise: call us"])
    }

    @Test("reverts compare masked pages: noise does not hide them")
    func revertedThroughNoise() {
        let v1 = ["Acme", "Pro $49", "Updated 3 hours ago"]
        let v2 = ["Acme", "Pro $59", "Updated 1 hour ago"]
        let v3 = ["Acme", "Pro $49", "Updated 5 minutes ago"]
        let verdicts = Self.run([v1, v2, v3])
        #expect(verdicts.last?.outcome == .reverted)
        #expect(verdicts.last?.added == ["Pro $49"])
    }

    @Test("without history, nothing is rotating or reverted")
    func noHistory() {
        let filter = NoiseFilter()
        let result = filter.evaluate(previous: Self.page(testimonial: 1), current: Self.page(testimonial: 2), history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.added == [Self.testimonials[2]])
    }

    @Test("a history recorded under other rules is not used")
    func historyFromOtherRules() {
        var history = VersionHistory()
        let strict = NoiseFilter(rules: NoiseRules(countersAreNoise: false))
        for version in 0..<6 { history.record(Self.page(testimonial: version)) }  // default rules
        let result = strict.evaluate(previous: Self.page(testimonial: 4), current: Self.page(testimonial: 5), history: history)
        #expect(result.outcome == .changed)
        // Recording under the monitor's rules starts the history afresh.
        strict.record(Self.page(testimonial: 5), in: &history)
        #expect(history.versions.count == 1)
    }

    @Test("with counters as signal, a rising counter alerts every time")
    func countersAsSignal() {
        let pages = [1_234, 1_301, 1_355, 1_402].map { ["Acme", "Trusted by \($0) customers"] }
        let signal = Self.run(pages, filter: NoiseFilter(rules: NoiseRules(countersAreNoise: false)))
        #expect(signal.map(\.outcome) == [.changed, .changed, .changed])
        #expect(signal.last?.added == ["Trusted by 1402 customers"])
        #expect(Self.run(pages).map(\.outcome) == [.noiseOnly, .noiseOnly, .noiseOnly])
    }

    @Test("a line that was always there is not rotating when it goes")
    func longStandingLineRemoved() {
        let features = ["Plans", "SSO", "Audit log", "Footer"]
        var versions = [features]
        for round in 0..<4 {
            versions.append(["Plans", "SSO", round.isMultiple(of: 2) ? "Beta: AI assistant" : "Audit log", "Footer"])
        }
        // "Audit log" and "Beta: AI assistant" now alternate; then SSO, present in every
        // version, is replaced by the rotating line.
        versions.append(["Plans", "Beta: AI assistant", "Audit log", "Footer"])
        let last = Self.run(versions).last
        #expect(last?.outcome == .changed)
        #expect(last?.removed == ["SSO"])
    }
}
