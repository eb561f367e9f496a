import Foundation
@testable import NoiseFilter
import Testing

@Suite("Built-in masks")
struct BuiltInMaskTests {
    @Test("every built-in pattern compiles")
    func allCompile() {
        #expect(DateTimeMask.rule.patterns.count == DateTimeMask.patternCount)
        #expect(RelativeTimeMask.rule.patterns.count == RelativeTimeMask.patternCount)
        #expect(CopyrightMask.rule.patterns.count == CopyrightMask.patternCount)
        #expect(CounterMask.rule.patterns.count == CounterMask.patternCount)
        #expect(SessionTokenMask.rule.patterns.count == SessionTokenMask.patternCount)
        #expect(CacheBusterMask.rule.patterns.count == CacheBusterMask.patternCount)
    }

    @Test("counters can be left out; the other rules stay, in order")
    func ruleOrder() {
        #expect(BuiltInMasks.rules(countersAreNoise: true).map(\.rule) == [.cacheBuster, .sessionToken, .copyrightYear, .dateTime, .relativeTime, .counter])
        #expect(BuiltInMasks.rules(countersAreNoise: false).map(\.rule) == [.cacheBuster, .sessionToken, .copyrightYear, .dateTime, .relativeTime])
    }

    @Test("the prefilters never skip a line a pattern would match", arguments: [
        "Last updated Nov 25, 2026 at 10:00 AM", "Posted 3 hours ago · 4,812 views", "© 2025 Acme",
        "csrf_token=8f3a9c2e7b1d4f60a2c5", "/app.3f2a9c1d.js?v=123", "Join 10,000+ teams", "Viewed 37 times",
        "just now", "in 5 minutes", "Request 550e8400-e29b-41d4-a716-446655440000", "ref Qm9Yx3Lp8Zr2Tn5Kw7Vd",
        "COPYRIGHT (C) 2026", "NOV 25, 2026 10:00 PM EST", "12,345 Customers", "Sale ends in 5 MINUTES",
    ])
    func prefiltersAreSafe(line: String) {
        let facts = LineFacts(line)
        for rule in BuiltInMasks.rules(countersAreNoise: true) {
            for pattern in rule.patterns where !pattern.mightMatch(facts) {
                let range = NSRange(location: 0, length: line.utf16.count)
                #expect(pattern.regex.firstMatch(in: line, range: range) == nil, "\(rule.rule) skipped a match in \(line)")
            }
        }
    }

    @Test("whitespace collapses to single spaces; collapsed lines are returned as they are", arguments: [
        ("  a  b\tc\n", "a b c"), ("a\u{00A0}\u{2003}b", "a b"), ("plain line", "plain line"), ("   ", ""), ("", ""),
        ("x\u{1F}y", "x\u{1F}y"),
    ])
    func whitespace(input: String, expected: String) {
        #expect(Whitespace.collapse(input) == expected)
    }
}
