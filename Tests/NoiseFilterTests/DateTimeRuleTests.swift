@testable import NoiseFilter
import Testing

@Suite("Built-in rule: absolute dates and times")
struct DateTimeRuleTests {
    @Test("dates and times in common English formats are noise", arguments: [
        LinePair("Last updated Nov 25, 2026", "Last updated Dec 1, 2026"),
        LinePair("Published 25 November 2026", "Published 2 December 2026"),
        LinePair("Posted November 25th, 2026", "Posted November 26th, 2026"),
        LinePair("Date: 2026-11-25", "Date: 2026-11-26"),
        LinePair("Built 2026-11-25T10:00Z", "Built 2026-11-25T11:30Z"),
        LinePair("Generated 2026-11-25T10:00:00+01:00", "Generated 2026-11-26T08:15:42+01:00"),
        LinePair("Posted 11/25/2026", "Posted 11/26/2026"),
        LinePair("Stand: 25.11.2026", "Stand: 26.11.2026"),
        LinePair("Next run at 10:00 AM", "Next run at 11:30 PM"),
        LinePair("Server time 10:00:03", "Server time 10:05:59"),
        LinePair("Tue, 25 Nov 2026 10:00:00 GMT", "Wed, 26 Nov 2026 09:12:44 GMT"),
        LinePair("Tuesday, November 25, 2026", "Wednesday, November 26, 2026"),
        LinePair("Updated Nov 25", "Updated Nov 26"),
        LinePair("Webinar at 10am PT", "Webinar at 3 p.m. PT"),
        LinePair("Issue of November 2026", "Issue of December 2026"),
    ])
    func datesAreNoise(pair: LinePair) {
        expectNoise(pair, rule: .dateTime)
    }

    @Test("each format is masked whole", arguments: [
        ("Nov 25, 2026", "⟦time⟧"),
        ("25 November 2026", "⟦time⟧"),
        ("November 25th, 2026", "⟦time⟧"),
        ("2026-11-25", "⟦time⟧"),
        ("2026-11-25T10:00Z", "⟦time⟧"),
        ("2026-11-25T10:00:00+01:00", "⟦time⟧"),
        ("11/25/2026", "⟦time⟧"),
        ("25.11.2026", "⟦time⟧"),
        ("10:00 AM", "⟦time⟧"),
        ("10:00:03", "⟦time⟧"),
        ("Tue, 25 Nov 2026 10:00:00 GMT", "⟦time⟧ ⟦time⟧"),
    ])
    func wholeTokens(input: String, expected: String) {
        #expect(masked(input) == expected)
    }

    @Test("numbers that are not dates or times stay", arguments: [
        "Pro plan now 20% off",
        "May 20% off everything",
        "v2.3.1 released",
        "John 3:16",
        "Founded in 2019",
        "Call 555-0123",
        "Version 1.12.2026.4",
        "$49/month",
        "Top 10 tools for 2026",
        "Octopus 25 ink",
        "Aspect 4:3",
    ])
    func nonDatesStay(line: String) {
        #expect(masked(line) == line)
    }

    @Test("real changes next to dates are still changes", arguments: [
        LinePair("Pro plan now 20% off", "Pro plan now 30% off"),
        LinePair("May 20% off everything", "May 30% off everything"),
        LinePair("Founded in 2019", "Founded in 2018"),
        LinePair("John 3:16", "John 3:17"),
        LinePair("Last updated Nov 25, 2026 by Ann", "Last updated Nov 26, 2026 by Bob"),
    ])
    func realChanges(pair: LinePair) {
        expectChange(pair)
    }
}
