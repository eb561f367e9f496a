import Testing
import TextDiff

@Suite struct DiffProperties {
    /// Random pairs over a small alphabet, so lines repeat a lot and many optimal scripts exist.
    @Test(arguments: [(2, 1), (3, 2), (4, 3), (8, 4), (26, 5)] as [(Int, UInt64)])
    func randomPairsAreCorrectAndMinimal(alphabet: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let old = ScriptCheck.randomLines(count: Int.random(in: 0...30, using: &generator), alphabet: alphabet, using: &generator)
            let new = ScriptCheck.randomLines(count: Int.random(in: 0...30, using: &generator), alphabet: alphabet, using: &generator)
            let diff = LineDiff(old: old, new: new)
            #expect(ScriptCheck.reproduces(diff.edits, old: old, new: new), "old: \(old) new: \(new)")
            #expect(ScriptCheck.cost(diff.edits) == ScriptCheck.referenceDistance(old, new), "old: \(old) new: \(new)")
        }
    }

    /// Edited copies (the common real case) and lopsided sizes, e.g. 1 line against 60.
    @Test func editedCopiesAndLopsidedSizesAreMinimal() {
        var generator = SeededGenerator(seed: 99)
        for round in 0..<300 {
            let old = ScriptCheck.randomLines(count: Int.random(in: 0...60, using: &generator), alphabet: 6, using: &generator)
            var new = old
            if round % 3 == 0 {
                new = ScriptCheck.randomLines(count: Int.random(in: 0...2, using: &generator), alphabet: 6, using: &generator)
            } else {
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    let position = Int.random(in: 0...new.count, using: &generator)
                    if Bool.random(using: &generator), position < new.count {
                        new.remove(at: position)
                    } else {
                        new.insert("L\(Int.random(in: 0..<8, using: &generator))", at: position)
                    }
                }
            }
            let (a, b) = round % 2 == 0 ? (old, new) : (new, old)
            let diff = LineDiff(old: a, new: b)
            #expect(ScriptCheck.reproduces(diff.edits, old: a, new: b), "old: \(a) new: \(b)")
            #expect(ScriptCheck.cost(diff.edits) == ScriptCheck.referenceDistance(a, b), "old: \(a) new: \(b)")
        }
    }

    /// A tiny cost limit forces the furthest-reaching fallback everywhere: the script must stay
    /// correct even though it may not be minimal.
    @Test(arguments: [1, 2, 3, 5])
    func costLimitFallbackStillReproducesNew(limit: Int) {
        var generator = SeededGenerator(seed: UInt64(limit) * 1_000 + 3)
        var sawNonMinimal = false
        for _ in 0..<200 {
            let old = ScriptCheck.randomLines(count: Int.random(in: 0...50, using: &generator), alphabet: 3, using: &generator)
            let new = ScriptCheck.randomLines(count: Int.random(in: 0...50, using: &generator), alphabet: 3, using: &generator)
            let diff = LineDiff(old: old, new: new, costLimit: limit)
            #expect(ScriptCheck.reproduces(diff.edits, old: old, new: new), "old: \(old) new: \(new)")
            let minimal = ScriptCheck.referenceDistance(old, new)
            #expect(ScriptCheck.cost(diff.edits) >= minimal)
            if ScriptCheck.cost(diff.edits) > minimal { sawNonMinimal = true }
        }
        // Proves the fallback path actually ran.
        #expect(sawNonMinimal)
    }

    @Test func textInitMatchesArrayInit() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<100 {
            let old = ScriptCheck.randomLines(count: Int.random(in: 1...20, using: &generator), alphabet: 4, using: &generator)
            let new = ScriptCheck.randomLines(count: Int.random(in: 1...20, using: &generator), alphabet: 4, using: &generator)
            let fromText = LineDiff(
                oldText: old.joined(separator: "\n") + "\n",
                newText: new.joined(separator: "\n")
            )
            #expect(fromText == LineDiff(old: old, new: new))
        }
    }
}

@Suite struct LargeInputs {
    @Test func unrelated100kLineInputs() {
        let old = (0..<100_000).map { "old line \($0)" }
        let new = (0..<100_000).map { "new line \($0)" }
        let diff = LineDiff(old: old, new: new)
        #expect(diff.removedCount == 100_000 && diff.addedCount == 100_000)
        #expect(ScriptCheck.reproduces(diff.edits, old: old, new: new))
    }

    /// Lines shared but in scrambled order: no line can be dropped up front, and D far exceeds
    /// the cost limit, so this exercises the limit at scale.
    @Test func scrambledSmallAlphabet() {
        var generator = SeededGenerator(seed: 2024)
        let old = ScriptCheck.randomLines(count: 20_000, alphabet: 4, using: &generator)
        let new = ScriptCheck.randomLines(count: 20_000, alphabet: 4, using: &generator)
        let diff = LineDiff(old: old, new: new)
        #expect(ScriptCheck.reproduces(diff.edits, old: old, new: new))
        #expect(!diff.isEmpty)
    }

    @Test func largeFileWithAFewEditsIsMinimal() {
        var generator = SeededGenerator(seed: 11)
        let old = (0..<50_000).map { "line \($0 % 1_000)" }
        var new = old
        for position in stride(from: 40_000, to: 0, by: -4_000) {
            new.insert("inserted \(position)", at: position)
            new.remove(at: position - 7 - Int.random(in: 0..<3, using: &generator))
        }
        let diff = LineDiff(old: old, new: new)
        #expect(ScriptCheck.reproduces(diff.edits, old: old, new: new))
        #expect(diff.addedCount == 10 && diff.removedCount == 10)
    }
}
