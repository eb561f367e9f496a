import Foundation
import NoiseFilter
import Testing

@Suite("Verdicts")
struct VerdictTests {
    private let filter = NoiseFilter()

    @Test("identical pages, and pages differing only in whitespace, are unchanged")
    func unchanged() {
        #expect(filter.evaluate(previous: ["a", "b"], current: ["a", "b"], history: VersionHistory()) == NoiseVerdict(outcome: .unchanged))
        let spaced = filter.evaluate(previous: ["Pro  plan", " $49 "], current: ["Pro plan", "$49", "   "], history: VersionHistory())
        #expect(spaced.outcome == .unchanged)
        #expect(filter.evaluate(previous: ["Pro\u{00A0}plan"], current: ["Pro plan"], history: VersionHistory()).outcome == .unchanged)
        #expect(filter.evaluate(previous: [], current: [], history: VersionHistory()).outcome == .unchanged)
    }

    @Test("canonically equal text is the same line")
    func unicodeNormalisation() {
        let composed = "Caf\u{00E9} plan", decomposed = "Cafe\u{0301} plan"
        #expect(filter.evaluate(previous: [composed], current: [decomposed], history: VersionHistory()).outcome == .unchanged)
    }

    @Test("mixed real and noise changes: real lines kept, noise suppressed, both reported")
    func mixed() {
        let result = filter.evaluate(
            previous: ["Acme", "Pro $49", "Updated 3 hours ago", "Advertisement", "12,345 customers", "© 2025 Acme"],
            current: ["Acme", "Pro $59", "Updated 4 hours ago", "12,401 customers", "© 2026 Acme", "New: Enterprise plan"],
            history: VersionHistory()
        )
        #expect(result.outcome == .changed)
        #expect(result.added == ["Pro $59", "New: Enterprise plan"])
        #expect(result.removed == ["Pro $49"])
        #expect(result.suppressed == [
            SuppressedDifference(removed: ["Advertisement"], added: [], rule: "ad_tracking", reason: SuppressionRule.adTracking.reason),
            SuppressedDifference(removed: ["Updated 3 hours ago"], added: ["Updated 4 hours ago"], rule: "relative_time", reason: "relative time"),
            SuppressedDifference(removed: ["12,345 customers"], added: ["12,401 customers"], rule: "counter", reason: "counter"),
            SuppressedDifference(removed: ["© 2025 Acme"], added: ["© 2026 Acme"], rule: "copyright_year", reason: "copyright year"),
        ])
        #expect(result.triggered.isEmpty)
    }

    @Test("adjacent lines suppressed by one rule are grouped")
    func grouping() {
        let result = filter.evaluate(
            previous: ["Post A · 3 hours ago", "Post B · 5 hours ago", "Post C"],
            current: ["Post A · 4 hours ago", "Post B · 6 hours ago", "Post C"],
            history: VersionHistory()
        )
        #expect(result.suppressed == [SuppressedDifference(
            removed: ["Post A · 3 hours ago", "Post B · 5 hours ago"],
            added: ["Post A · 4 hours ago", "Post B · 6 hours ago"],
            rule: "relative_time", reason: "relative time"
        )])
    }

    @Test("a line with two changed volatile tokens names both rules")
    func twoRules() {
        let result = verdict("Nov 25, 2026 · 4,812 views", "Nov 26, 2026 · 4,907 views")
        #expect(result.outcome == .noiseOnly)
        #expect(result.suppressed.map(\.rule) == ["date_time,counter"])
        #expect(result.suppressed.map(\.reason) == ["absolute date or time; counter"])
    }

    @Test("reported lines are the caller's lines, untouched")
    func originalsReported() {
        let result = filter.evaluate(previous: ["Pro  $49"], current: ["Pro\t$59 "], history: VersionHistory())
        #expect(result.removed == ["Pro  $49"])
        #expect(result.added == ["Pro\t$59 "])
    }

    @Test("a verdict encodes with snake-case outcomes and round-trips")
    func codable() throws {
        let result = verdict("Updated 3 hours ago", "Updated 4 hours ago")
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        #expect(json.contains(#""outcome":"noise_only""#))
        #expect(try JSONDecoder().decode(NoiseVerdict.self, from: Data(json.utf8)) == result)
    }

    @Test("the outcome agrees with the lines, on random edits", arguments: 0..<20)
    func invariant(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let vocabulary = ["Pro $49", "Pro $59", "Updated 3 hours ago", "Updated 5 hours ago", "Advertisement",
                          "12,345 customers", "12,399 customers", "SSO", "Audit log", "© 2025 Acme", ""]
        let old = (0..<12).map { _ in vocabulary.randomElement(using: &generator) ?? "" }
        let new = (0..<12).map { _ in vocabulary.randomElement(using: &generator) ?? "" }
        let result = filter.evaluate(previous: old, current: new, history: VersionHistory())
        let hasLines = !result.added.isEmpty || !result.removed.isEmpty
        #expect(hasLines == (result.outcome == .changed || result.outcome == .reverted))
        if result.outcome == .noiseOnly { #expect(!result.suppressed.isEmpty) }
        // Every line the verdict mentions is one of the inputs, on its side.
        let mentionedOld = result.removed + result.suppressed.flatMap(\.removed)
        let mentionedNew = result.added + result.suppressed.flatMap(\.added)
        #expect(mentionedOld.allSatisfy(old.contains))
        #expect(mentionedNew.allSatisfy(new.contains))
    }
}
