import Testing
import TextDiff

/// Expected texts are GNU diff 3.x output (`diff -u --label a --label b`), pasted literally.
@Suite struct UnifiedFormat {
    private func lines(_ text: String) -> [String] {
        text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func singleChangeWithContextClippedToFile() {
        let diff = LineDiff(old: lines("a b c d e f g h i j"), new: lines("a b c d E f g h i j"))
        #expect(diff.unified() == """
            --- a
            +++ b
            @@ -2,7 +2,7 @@
             b
             c
             d
            -e
            +E
             f
             g
             h

            """)
    }

    @Test func appendAtEnd() {
        let diff = LineDiff(oldText: "a\nb\nc\n", newText: "a\nb\nc\nd\n")
        #expect(diff.unified() == "--- a\n+++ b\n@@ -1,3 +1,4 @@\n a\n b\n c\n+d\n")
    }

    @Test func insertAtStart() {
        let diff = LineDiff(oldText: "b\nc\n", newText: "a\nb\nc\n")
        #expect(diff.unified() == "--- a\n+++ b\n@@ -1,2 +1,3 @@\n+a\n b\n c\n")
    }

    @Test func emptyOldSideUsesZeroZero() {
        let diff = LineDiff(old: [], new: ["a", "b", "c"])
        #expect(diff.unified() == "--- a\n+++ b\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n")
    }

    @Test func emptyNewSideUsesZeroZero() {
        let diff = LineDiff(old: ["a", "b", "c"], new: [])
        #expect(diff.unified() == "--- a\n+++ b\n@@ -1,3 +0,0 @@\n-a\n-b\n-c\n")
    }

    @Test func countOfOneIsOmitted() {
        let diff = LineDiff(old: ["x"], new: ["a", "b"])
        #expect(diff.unified(context: 1) == "--- a\n+++ b\n@@ -1 +1,2 @@\n-x\n+a\n+b\n")
    }

    @Test func farApartChangesMakeTwoHunks() {
        let old = (1...20).map { "l\($0)" }
        var new = old
        new[1] = "X2"
        new[18] = "X19"
        #expect(LineDiff(old: old, new: new).unified() == """
            --- a
            +++ b
            @@ -1,5 +1,5 @@
             l1
            -l2
            +X2
             l3
             l4
             l5
            @@ -16,5 +16,5 @@
             l16
             l17
             l18
            -l19
            +X19
             l20

            """)
    }

    @Test func changesSixLinesApartShareOneHunk() {
        let old = (1...12).map(String.init)
        var new = old
        new[2] = "A"
        new[9] = "B"
        #expect(LineDiff(old: old, new: new).unified() == """
            --- a
            +++ b
            @@ -1,12 +1,12 @@
             1
             2
            -3
            +A
             4
             5
             6
             7
             8
             9
            -10
            +B
             11
             12

            """)
    }

    @Test func changesSevenLinesApartSplit() {
        let old = (1...13).map(String.init)
        var new = old
        new[2] = "A"
        new[10] = "B"
        #expect(LineDiff(old: old, new: new).unified() == """
            --- a
            +++ b
            @@ -1,6 +1,6 @@
             1
             2
            -3
            +A
             4
             5
             6
            @@ -8,6 +8,6 @@
             8
             9
             10
            -11
            +B
             12
             13

            """)
    }

    @Test func contextZero() {
        let diff = LineDiff(oldText: "1\n2\n3\n4\n5\n", newText: "1\n2\nnew\n3\n4\nX\n")
        #expect(diff.unified(context: 0) == """
            --- a
            +++ b
            @@ -2,0 +3 @@
            +new
            @@ -5 +6 @@
            -5
            +X

            """)
        let deletion = LineDiff(oldText: "1\n2\n3\n4\n5\n", newText: "1\n3\n4\n5\n")
        #expect(deletion.unified(context: 0) == "--- a\n+++ b\n@@ -2 +1,0 @@\n-2\n")
    }

    @Test func negativeContextActsAsZero() {
        let diff = LineDiff(oldText: "1\n2\n3\n", newText: "1\nX\n3\n")
        #expect(diff.unified(context: -5) == diff.unified(context: 0))
        #expect(diff.unified(context: -5) == "--- a\n+++ b\n@@ -2 +2 @@\n-2\n+X\n")
    }

    @Test func hugeContextGivesOneHunkOverTheWholeFile() {
        let diff = LineDiff(oldText: "a\nb\nc\nd\n", newText: "A\nb\nc\nD\n")
        #expect(diff.unified(context: Int.max / 2) == "--- a\n+++ b\n@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n-d\n+D\n")
    }

    @Test func customNamesAndLinesPrintedAsIs() {
        let diff = LineDiff(old: ["same", "-dash", " space"], new: ["same", "+plus", " space"])
        #expect(diff.unified(oldName: "v1/page.txt", newName: "v2/page.txt", context: 1) == """
            --- v1/page.txt
            +++ v2/page.txt
            @@ -1,3 +1,3 @@
             same
            --dash
            ++plus
              space

            """)
    }

    @Test func hunkCountsMatchTheirBodies() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            let old = ScriptCheck.randomLines(count: Int.random(in: 0..<40, using: &generator), alphabet: 5, using: &generator)
            let new = ScriptCheck.randomLines(count: Int.random(in: 0..<40, using: &generator), alphabet: 5, using: &generator)
            let context = Int.random(in: 0...4, using: &generator)
            let text = LineDiff(old: old, new: new).unified(context: context)
            #expect(UnifiedCheck.headersMatchBodies(text))
        }
    }
}

/// Parses a unified diff and checks that each header's counts and starts agree with its body.
enum UnifiedCheck {
    static func headersMatchBodies(_ text: String) -> Bool {
        var bodyLines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard !bodyLines.isEmpty else { return text.isEmpty }
        guard bodyLines.removeFirst() == "--- a", bodyLines.removeFirst() == "+++ b" else { return false }
        var lastOldEnd: Int?
        while let header = bodyLines.first {
            bodyLines.removeFirst()
            guard let (oldStart, oldCount, newStart, newCount) = parse(header) else { return false }
            var seenOld = 0, seenNew = 0
            while let line = bodyLines.first, !line.hasPrefix("@@") {
                bodyLines.removeFirst()
                switch line.first {
                case " ": seenOld += 1; seenNew += 1
                case "-": seenOld += 1
                case "+": seenNew += 1
                default: return false
                }
            }
            let oldFirst = oldCount == 0 ? oldStart + 1 : oldStart
            // Hunks are ordered and never touch: touching ones would have been merged.
            guard seenOld == oldCount, seenNew == newCount, newStart >= 0,
                  lastOldEnd.map({ oldFirst > $0 + 1 }) ?? true
            else {
                return false
            }
            lastOldEnd = oldFirst + oldCount - 1
        }
        return true
    }

    private static func parse(_ header: Substring) -> (Int, Int, Int, Int)? {
        let parts = header.split(separator: " ")
        guard parts.count == 4, parts[0] == "@@", parts[3] == "@@",
              let old = range(parts[1].dropFirst()), let new = range(parts[2].dropFirst())
        else { return nil }
        return (old.0, old.1, new.0, new.1)
    }

    private static func range(_ text: Substring) -> (Int, Int)? {
        let pieces = text.split(separator: ",")
        guard let start = pieces.first.flatMap({ Int($0) }) else { return nil }
        if pieces.count == 1 { return (start, 1) }
        guard pieces.count == 2, let count = Int(pieces[1]), count != 1 else { return nil }
        return (start, count)
    }
}
