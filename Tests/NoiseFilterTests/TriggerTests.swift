import NoiseFilter
import Testing

@Suite("Triggers")
struct TriggerTests {
    private let page = ["Acme", "Pro $49", "Team $99", "In stock"]

    @Test("an appears trigger fires on a meaningful added line")
    func appears() {
        let filter = NoiseFilter(rules: NoiseRules(triggers: [.appears(.text("sold out"))]))
        let result = filter.evaluate(previous: page, current: ["Acme", "Pro $49", "Team $99", "Sold out"], history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.triggered == [#"appears "sold out""#])
        #expect(result.added == ["Sold out"])
        #expect(result.removed == ["In stock"])
    }

    @Test("when no trigger fires, the change is suppressed with its lines")
    func noTrigger() {
        let filter = NoiseFilter(rules: NoiseRules(triggers: [.appears(.text("Sold out"))]))
        let result = filter.evaluate(previous: page, current: ["Acme", "Pro $59", "Team $99", "In stock"], history: VersionHistory())
        #expect(result.outcome == .noiseOnly)
        #expect(result.added.isEmpty && result.removed.isEmpty && result.triggered.isEmpty)
        #expect(result.suppressed == [SuppressedDifference(
            removed: ["Pro $49"], added: ["Pro $59"], rule: "no_trigger", reason: "no trigger fired"
        )])
    }

    @Test("a disappears regex trigger fires on a meaningful removed line")
    func disappearsRegex() {
        let filter = NoiseFilter(rules: NoiseRules(triggers: [.disappears(.regex(#"^Pro \$\d+$"#))]))
        let result = filter.evaluate(previous: page, current: ["Acme", "Team $99", "In stock"], history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.triggered == [#"disappears /^Pro \$\d+$/"#])
        // Appearing does not fire a disappears trigger.
        let appeared = filter.evaluate(previous: ["Acme"], current: ["Acme", "Pro $49"], history: VersionHistory())
        #expect(appeared.outcome == .noiseOnly)
    }

    @Test("noise never fires a trigger")
    func noiseDoesNotFire() {
        let filter = NoiseFilter(rules: NoiseRules(triggers: [.appears(.text("ago")), .appears(.text("Advertisement"))]))
        let result = filter.evaluate(
            previous: ["Acme", "Updated 3 hours ago"],
            current: ["Acme", "Updated 4 hours ago", "Advertisement"],
            history: VersionHistory()
        )
        #expect(result.outcome == .noiseOnly)
        #expect(result.triggered.isEmpty)
        #expect(!result.suppressed.contains { $0.rule == "no_trigger" })
    }

    @Test("every trigger that fires is listed, in rule order")
    func severalFire() {
        let filter = NoiseFilter(rules: NoiseRules(triggers: [
            .disappears(.text("In stock")), .appears(.text("Enterprise")), .appears(.regex("Sold")),
        ]))
        let result = filter.evaluate(previous: page, current: ["Acme", "Pro $49", "Team $99", "Sold out"], history: VersionHistory())
        #expect(result.triggered == [#"disappears "In stock""#, "appears /Sold/"])
    }

    @Test("a trigger regex that runs out of time fires rather than hiding the change")
    func catastrophicTrigger() {
        let filter = NoiseFilter(rules: NoiseRules(triggers: [.appears(.regex("(a+)+$"))]))
        let line = String(repeating: "a", count: 5_000) + "!"
        let result = filter.evaluate(previous: ["Acme"], current: ["Acme", line], history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.triggered.count == 1)
        #expect(result.triggered.first?.hasPrefix("appears /(a+)+$/") == true)
        #expect(result.triggered.first?.contains("timed out") == true)
    }

    @Test("triggers gate reverts too, and match text with collapsed whitespace")
    func revertGated() {
        let filter = NoiseFilter(rules: NoiseRules(triggers: [.appears(.text("Pro $49"))]))
        var history = VersionHistory()
        let v1 = ["Acme", "Pro   $49"], v2 = ["Acme", "Pro $59"], v3 = ["Acme", "Pro\t$49"]
        filter.record(v1, in: &history)
        #expect(filter.evaluate(previous: v1, current: v2, history: history).outcome == .noiseOnly)
        filter.record(v2, in: &history)
        let back = filter.evaluate(previous: v2, current: v3, history: history)
        #expect(back.outcome == .reverted)
        #expect(back.triggered == [#"appears "Pro $49""#])
    }
}
