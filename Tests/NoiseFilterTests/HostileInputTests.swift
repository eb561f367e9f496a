import NoiseFilter
import Testing

@Suite("Hostile and degenerate input")
struct HostileInputTests {
    @Test("100,000 unrelated lines on each side finish with a verdict")
    func hugeUnrelated() {
        let old = (0..<100_000).map { "Old line \($0)" }
        let new = (0..<100_000).map { "New line \($0)" }
        let result = NoiseFilter().evaluate(previous: old, current: new, history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.added.count == 100_000)
        #expect(result.removed.count == 100_000)
    }

    @Test("100,000 lines with one real change and a thousand noisy ones")
    func hugeMostlyNoise() {
        func page(hours: Int) -> [String] {
            (0..<100_000).map { $0.isMultiple(of: 100) ? "Item \($0) · updated \(hours) hours ago" : "Item \($0) in stock" }
        }
        let old = page(hours: 2)
        var new = page(hours: 3)
        new[50_001] = "Item 50001 discontinued"
        var history = VersionHistory()
        history.record(old)
        let result = NoiseFilter().evaluate(previous: old, current: new, history: history)
        #expect(result.outcome == .changed)
        #expect(result.added == ["Item 50001 discontinued"])
        #expect(result.removed == ["Item 50001 in stock"])
        #expect(result.suppressed.map(\.rule).allSatisfy { $0 == "relative_time" })
        #expect(result.suppressed.flatMap(\.added).count == 1_000)
    }

    @Test("a 1 MB line is compared and masked without trouble", arguments: ["a", "1", "Nov 25, 2026 ", "ab12CD34+/", "12,345 customers "])
    func megabyteLine(unit: String) {
        let line = String(repeating: unit, count: 1_000_000 / unit.utf8.count)
        let filter = NoiseFilter(rules: NoiseRules(ignoreText: ["zzz"], ignorePatterns: ["^Total: \\d+$"]))
        let result = filter.evaluate(previous: ["Acme", line], current: ["Acme", line + "!", "Pro $49"], history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.added.contains("Pro $49"))
    }

    @Test("pathological regex-looking text is just text", arguments: [
        "(a+)+$", "((((((((((x*)*)*)*)*)*)*)*)*)*)*y", "[[[[[[[", "\\", "(?<=", "$1 $2 \\0", ".*.*.*.*.*=", "\u{0}\u{1}\u{7F}",
    ])
    func regexLookingText(text: String) {
        let lines = (0..<50).map { "\(text) \($0)" }
        let result = NoiseFilter().evaluate(previous: lines, current: lines.reversed() + [text], history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.added == [text])
    }

    @Test("a catastrophic user pattern is cut short and the change is reported, not hidden")
    func catastrophicPattern() {
        let filter = NoiseFilter(rules: NoiseRules(ignorePatterns: ["^(a+)+$", "(x|x)*y"]))
        let evil = String(repeating: "a", count: 30_000) + "!"
        let lines = (0..<8).map { "\(evil) \($0)" }
        let result = filter.evaluate(previous: ["Acme"], current: ["Acme"] + lines, history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.added.count == 8)
        // The same patterns still work on ordinary lines.
        #expect(filter.evaluate(previous: ["aaa"], current: ["aaaa"], history: VersionHistory()).outcome == .noiseOnly)
    }

    @Test("emoji, RTL text, combining marks and control characters")
    func unicode() {
        let old = ["👩‍👩‍👧‍👦 Family plan $49", "مرحبا بالعالم", "Z̴̡̛a̸l̷g̶o̵", "tab\there", "nul\u{0}byte"]
        let new = ["👩‍👩‍👧‍👦 Family plan $59", "مرحبا بالعالم", "Z̴̡̛a̸l̷g̶o̵", "tab here", "nul\u{0}byte"]
        let result = NoiseFilter().evaluate(previous: old, current: new, history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.added == ["👩‍👩‍👧‍👦 Family plan $59"])
        #expect(result.removed == ["👩‍👩‍👧‍👦 Family plan $49"])
    }

    @Test("a decoded history with garbage does not break evaluation")
    func garbageHistory() throws {
        var history = VersionHistory(capacity: Int.max)
        for index in 0..<3 { history.record(["v\(index)"]) }
        let result = NoiseFilter().evaluate(previous: ["v2"], current: ["v0"], history: history)
        #expect(result.outcome == .reverted)
    }
}

/// Zero-padded to three digits.
private func threeDigits(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}
