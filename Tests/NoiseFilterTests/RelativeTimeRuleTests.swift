@testable import NoiseFilter
import Testing

@Suite("Built-in rule: relative times")
struct RelativeTimeRuleTests {
    @Test("relative times are noise", arguments: [
        LinePair("Updated 3 hours ago", "Updated 4 hours ago"),
        LinePair("Posted a minute ago", "Posted 2 minutes ago"),
        LinePair("Updated yesterday", "Updated 2 days ago"),
        LinePair("Saved just now", "Saved 5 minutes ago"),
        LinePair("Sale ends in 5 minutes", "Sale ends in an hour"),
        LinePair("Last deploy last week", "Last deploy yesterday"),
        LinePair("Commented 2d ago", "Commented 5h ago"),
        LinePair("Edited about 2 hours ago", "Edited 3 hours ago"),
        LinePair("Checked 10 seconds ago", "Checked moments ago"),
    ])
    func relativeTimesAreNoise(pair: LinePair) {
        expectNoise(pair, rule: .relativeTime)
    }

    @Test("a relative time may replace an absolute one")
    func mixedForms() {
        let result = verdict("Posted 3 hours ago", "Posted Nov 25, 2026")
        #expect(result.outcome == .noiseOnly)
        #expect(result.suppressed.map(\.rule) == ["date_time,relative_time"])
    }

    @Test("durations and plans are not relative times", arguments: [
        LinePair("Money back in 30 days", "Money back in 14 days"),
        LinePair("Ships in 2 days", "Ships in 5 days"),
        LinePair("Launching next week", "Launching next month"),
        LinePair("30-day free trial", "14-day free trial"),
        LinePair("Support replies within 2 hours", "Support replies within 4 hours"),
    ])
    func realChanges(pair: LinePair) {
        expectChange(pair)
    }
}
