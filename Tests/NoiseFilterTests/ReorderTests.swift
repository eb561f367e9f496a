import NoiseFilter
import Testing

@Suite("Reordered lines")
struct ReorderTests {
    private let filter = NoiseFilter()

    @Test("a reordered list is not a change")
    func reorderedList() {
        let result = filter.evaluate(
            previous: ["Features", "SSO", "Audit log", "API access", "Footer"],
            current: ["Features", "API access", "SSO", "Audit log", "Footer"],
            history: VersionHistory()
        )
        #expect(result.outcome == .noiseOnly)
        #expect(result.suppressed == [SuppressedDifference(
            removed: ["API access"], added: ["API access"], rule: "reordered", reason: "reordered"
        )])
    }

    @Test("shuffled cards: every moved line is reported once")
    func shuffled() {
        let old = (1...8).map { "Customer story \($0)" }
        var generator = SeededGenerator(seed: 7)
        var new = old
        new.shuffle(using: &generator)
        #expect(new != old)
        let result = filter.evaluate(previous: old, current: new, history: VersionHistory())
        #expect(result.outcome == .noiseOnly)
        #expect(result.suppressed.allSatisfy { $0.rule == "reordered" })
        let moved = result.suppressed.flatMap(\.added)
        #expect(moved.count == Set(moved).count)
        #expect(result.suppressed.flatMap(\.removed).sorted() == moved.sorted())
    }

    @Test("lines that moved and changed a volatile token are reordered")
    func movedWithNoise() {
        let result = filter.evaluate(
            previous: ["Post A · 3 hours ago", "Post B · 5 hours ago"],
            current: ["Post B · 6 hours ago", "Post A · 4 hours ago"],
            history: VersionHistory()
        )
        #expect(result.outcome == .noiseOnly)
        #expect(result.suppressed.map(\.rule).contains("reordered"))
    }

    @Test("a duplicate line added is a change; only the matching count moves")
    func duplicates() {
        let result = filter.evaluate(
            previous: ["Plans", "Buy now", "Pro", "Team"],
            current: ["Plans", "Pro", "Buy now", "Team", "Buy now"],
            history: VersionHistory()
        )
        #expect(result.outcome == .changed)
        #expect(result.added == ["Buy now"])
        #expect(result.removed.isEmpty)
    }

    @Test("a reorder next to a real change: the change is kept, the move suppressed")
    func reorderWithChange() {
        let result = filter.evaluate(
            previous: ["Plans", "Basic $9", "Pro $49", "Team $99"],
            current: ["Plans", "Team $99", "Basic $9", "Pro $59"],
            history: VersionHistory()
        )
        #expect(result.outcome == .changed)
        #expect(result.added == ["Pro $59"])
        #expect(result.removed == ["Pro $49"])
        #expect(result.suppressed.map(\.rule) == ["reordered"])
    }
}
