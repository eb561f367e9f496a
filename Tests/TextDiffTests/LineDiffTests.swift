import Testing
import TextDiff

@Suite struct LineDiffBasics {
    @Test func bothSidesEmpty() {
        let diff = LineDiff(old: [], new: [])
        #expect(diff.edits.isEmpty)
        #expect(diff.isEmpty)
        #expect(diff.added.isEmpty && diff.removed.isEmpty)
        #expect(diff.summary == "no changes")
        #expect(diff.unified() == "")
    }

    @Test func identicalInputsAreAllEqual() {
        let lines = ["a", "b", "a", ""]
        let diff = LineDiff(old: lines, new: lines)
        #expect(diff.isEmpty)
        #expect(diff.edits == lines.enumerated().map {
            Edit(kind: .equal, line: $0.element, oldIndex: $0.offset, newIndex: $0.offset)
        })
        #expect(diff.unified() == "")
    }

    @Test func emptyOldIsPureInsertion() {
        let diff = LineDiff(old: [], new: ["x", "y"])
        #expect(diff.edits == [
            Edit(kind: .insert, line: "x", oldIndex: nil, newIndex: 0),
            Edit(kind: .insert, line: "y", oldIndex: nil, newIndex: 1),
        ])
        #expect(diff.added == ["x", "y"])
        #expect(diff.summary == "2 lines added")
    }

    @Test func emptyNewIsPureDeletion() {
        let diff = LineDiff(old: ["x", "y", "z"], new: [])
        #expect(diff.edits.allSatisfy { $0.kind == .delete })
        #expect(diff.edits.map(\.oldIndex) == [0, 1, 2])
        #expect(diff.removed == ["x", "y", "z"])
        #expect(diff.summary == "3 lines removed")
    }

    @Test func insertionInTheMiddle() {
        let diff = LineDiff(old: ["a", "b", "c"], new: ["a", "b", "new", "c"])
        #expect(diff.edits == [
            Edit(kind: .equal, line: "a", oldIndex: 0, newIndex: 0),
            Edit(kind: .equal, line: "b", oldIndex: 1, newIndex: 1),
            Edit(kind: .insert, line: "new", oldIndex: nil, newIndex: 2),
            Edit(kind: .equal, line: "c", oldIndex: 2, newIndex: 3),
        ])
    }

    @Test func deletionInTheMiddle() {
        let diff = LineDiff(old: ["a", "gone", "c"], new: ["a", "c"])
        #expect(diff.edits == [
            Edit(kind: .equal, line: "a", oldIndex: 0, newIndex: 0),
            Edit(kind: .delete, line: "gone", oldIndex: 1, newIndex: nil),
            Edit(kind: .equal, line: "c", oldIndex: 2, newIndex: 1),
        ])
        #expect(diff.summary == "1 line removed")
    }

    @Test func replacementPutsDeletionsBeforeInsertions() {
        let diff = LineDiff(old: ["a", "b", "c", "d"], new: ["a", "X", "Y", "d"])
        #expect(diff.edits.map(\.kind) == [.equal, .delete, .delete, .insert, .insert, .equal])
        #expect(diff.removed == ["b", "c"])
        #expect(diff.added == ["X", "Y"])
        #expect(diff.summary == "2 lines added, 2 lines removed")
    }

    @Test func changesAtTheVeryStartAndEnd() {
        let head = LineDiff(old: ["old", "b", "c"], new: ["new", "b", "c"])
        #expect(head.edits.map(\.kind) == [.delete, .insert, .equal, .equal])
        let tail = LineDiff(old: ["a", "b", "old"], new: ["a", "b", "new", "more"])
        #expect(tail.edits.map(\.kind) == [.equal, .equal, .delete, .insert, .insert])
        #expect(tail.summary == "2 lines added, 1 line removed")
    }

    @Test func repeatedLinesNeedOnlyTheRealDifference() {
        let diff = LineDiff(old: ["a", "a", "a", "b", "a"], new: ["a", "a", "b", "a", "a"])
        #expect(ScriptCheck.cost(diff.edits) == 2)
        #expect(ScriptCheck.reproduces(diff.edits, old: ["a", "a", "a", "b", "a"], new: ["a", "a", "b", "a", "a"]))
        let shorter = LineDiff(old: ["x", "x", "x"], new: ["x", "x"])
        #expect(shorter.removed == ["x"])
        #expect(shorter.added.isEmpty)
    }

    /// Figure 1 of Myers (1986): ABCABBA → CBABAC has D = 5.
    @Test func myersPaperExample() {
        let old = "ABCABBA".map(String.init), new = "CBABAC".map(String.init)
        let diff = LineDiff(old: old, new: new)
        #expect(ScriptCheck.cost(diff.edits) == 5)
        #expect(diff.removed.count == 3 && diff.added.count == 2)
        #expect(ScriptCheck.reproduces(diff.edits, old: old, new: new))
    }

    @Test func everyLineAppearsOnceInOrder() {
        let old = ["p", "q", "r", "s", "q", "t"], new = ["q", "r", "u", "t", "p", "q"]
        let diff = LineDiff(old: old, new: new)
        #expect(diff.edits.compactMap(\.oldIndex) == Array(old.indices))
        #expect(diff.edits.compactMap(\.newIndex) == Array(new.indices))
        #expect(ScriptCheck.reproduces(diff.edits, old: old, new: new))
    }

    @Test func sameInputGivesSameDiff() {
        let old = ["1", "2", "3", "2", "1"], new = ["2", "1", "3", "1", "2"]
        #expect(LineDiff(old: old, new: new) == LineDiff(old: old, new: new))
        #expect(LineDiff(old: old, new: new) != LineDiff(old: new, new: old))
    }

    @Test(arguments: [
        (["a"], ["a", "b"], "1 line added"),
        (["a", "b"], ["a"], "1 line removed"),
        (["a"], ["b"], "1 line added, 1 line removed"),
        (["a", "b"], ["c", "d", "e"], "3 lines added, 2 lines removed"),
        (["a"], ["a"], "no changes"),
    ])
    func summaryWording(old: [String], new: [String], expected: String) {
        #expect(LineDiff(old: old, new: new).summary == expected)
    }

    @Test func nonPositiveCostLimitStillGivesACorrectScript() {
        let old = ["a", "b", "c", "a", "b"], new = ["b", "a", "c", "b", "a"]
        for limit in [Int.min, -1, 0, 1] {
            let diff = LineDiff(old: old, new: new, costLimit: limit)
            #expect(ScriptCheck.reproduces(diff.edits, old: old, new: new))
        }
    }
}

@Suite struct TextSplitting {
    @Test func trailingNewlineDoesNotAddALine() {
        let diff = LineDiff(oldText: "a\nb\n", newText: "a\nb")
        #expect(diff.isEmpty)
        #expect(diff.edits.map(\.line) == ["a", "b"])
    }

    @Test func emptyTextHasNoLinesAndLoneNewlineHasOne() {
        #expect(LineDiff(oldText: "", newText: "").edits.isEmpty)
        let diff = LineDiff(oldText: "", newText: "\n")
        #expect(diff.added == [""])
        #expect(LineDiff(oldText: "\n\n", newText: "").removed == ["", ""])
    }

    @Test func blankLinesInsideTextAreKept() {
        let diff = LineDiff(oldText: "a\n\nb", newText: "a\nb")
        #expect(diff.removed == [""])
        #expect(diff.edits.count == 3)
    }

    @Test func carriageReturnStaysPartOfTheLine() {
        // "\r\n" is one Character in Swift; the split must still happen at the "\n".
        let diff = LineDiff(oldText: "a\r\nb\r\n", newText: "a\nb\r\n")
        #expect(diff.removed == ["a\r"])
        #expect(diff.added == ["a"])
        #expect(diff.edits.last == Edit(kind: .equal, line: "b\r", oldIndex: 1, newIndex: 1))
    }

    @Test func bareCarriageReturnDoesNotSplit() {
        let diff = LineDiff(oldText: "a\rb", newText: "a\rb\n")
        #expect(diff.isEmpty)
        #expect(diff.edits.map(\.line) == ["a\rb"])
    }
}

@Suite struct HostileLines {
    @Test func unicodeLinesCompareExactly() {
        let old = ["héllo 🌍", "日本語", "👨‍👩‍👧"], new = ["héllo 🌍", "日本語!", "👨‍👩‍👧"]
        let diff = LineDiff(old: old, new: new)
        #expect(diff.removed == ["日本語"])
        #expect(diff.added == ["日本語!"])
        #expect(diff.unified() == "--- a\n+++ b\n@@ -1,3 +1,3 @@\n héllo 🌍\n-日本語\n+日本語!\n 👨‍👩‍👧\n")
    }

    @Test func canonicallyEquivalentButDifferentBytesIsAChange() {
        let precomposed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(precomposed == decomposed) // Swift's own equality would hide this change.
        let diff = LineDiff(old: [precomposed], new: [decomposed])
        #expect(!diff.isEmpty)
        #expect(diff.removed.map { Array($0.utf8) } == [Array(precomposed.utf8)])
        #expect(diff.added.map { Array($0.utf8) } == [Array(decomposed.utf8)])
    }

    @Test func veryLongLines() {
        let long = String(repeating: "x", count: 1_000_000)
        let changed = String(long.dropLast()) + "y"
        let diff = LineDiff(old: ["a", long, "b"], new: ["a", changed, "b"])
        #expect(diff.edits.map(\.kind) == [.equal, .delete, .insert, .equal])
        #expect(LineDiff(old: [long], new: [long]).isEmpty)
    }

    @Test func controlAndNulCharactersAreOrdinaryContent() {
        let old = ["\u{0}", "\t tab", "\u{1B}[31mred"], new = ["\u{0}\u{0}", "\t tab", "\u{1B}[31mred"]
        let diff = LineDiff(old: old, new: new)
        #expect(diff.removed == ["\u{0}"])
        #expect(diff.added == ["\u{0}\u{0}"])
    }
}
