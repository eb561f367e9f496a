import Testing
import TextDiff

/// The splitter reads eight bytes at a time and the interner hashes and compares lines in
/// words, so these walk every byte position and the lengths around word boundaries.
@Suite struct ByteLevelPaths {
    @Test func aOneByteChangeIsFoundAtEveryPositionAndLength() {
        for length in 1...40 {
            let line = String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
            for position in 0..<length {
                var bytes = Array(line.utf8)
                bytes[position] = UInt8(ascii: "#")
                let changed = String(decoding: bytes, as: UTF8.self)
                let diff = LineDiff(old: ["x", line, "y"], new: ["x", changed, "y"])
                #expect(diff.edits.map(\.kind) == [.equal, .delete, .insert, .equal], "length \(length), byte \(position)")
                #expect(LineDiff(oldText: "x\n\(line)\ny", newText: "x\n\(changed)\ny") == diff)
            }
            #expect(LineDiff(old: [line, "z"], new: [line]).removed == ["z"])
        }
    }

    @Test func linesThatArePrefixesOfEachOtherDiffer() {
        let long = String(repeating: "abcdefgh", count: 5)
        let lines = (0...long.count).map { String(long.prefix($0)) }
        let diff = LineDiff(old: lines, new: lines.reversed())
        #expect(diff.edits.filter { $0.kind == .equal }.count == 1)
        #expect(LineDiff(old: lines, new: lines).isEmpty)
    }

    @Test func newlinesAtEveryOffsetSplitLikeTheReference() {
        for gap in 0...18 {
            // A last line that is not empty, since a trailing "\n" ends a line rather than starting one.
            let text = (0..<7).map { String(repeating: "q", count: ($0 * gap) % 19) }.joined(separator: "\n") + "\nend"
            let reference = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            let diff = LineDiff(oldText: text, newText: text)
            #expect(diff.isEmpty)
            #expect(diff.edits.map(\.line) == reference, "gap \(gap)")
        }
    }

    @Test func arrayLinesHoldingNewlinesStayWhole() {
        let diff = LineDiff(old: ["a\nb", "c"], new: ["a", "b", "c"])
        #expect(diff.removed == ["a\nb"])
        #expect(diff.added == ["a", "b"])
        #expect(diff.unified() == "--- a\n+++ b\n@@ -1,2 +1,3 @@\n-a\nb\n+a\n+b\n c\n")
    }

    @Test func unifiedOutputCopiesMultibyteLinesExactly() {
        let old = ["日本語のテキスト", String(repeating: "🌍", count: 100), "e\u{301}"]
        let new = ["日本語のテキスト", String(repeating: "🌍", count: 99), "e\u{301}"]
        let expected = "--- ä\n+++ ö\n@@ -1,3 +1,3 @@\n 日本語のテキスト\n-\(old[1])\n+\(new[1])\n e\u{301}\n"
        #expect(Array(LineDiff(old: old, new: new).unified(oldName: "ä", newName: "ö").utf8) == Array(expected.utf8))
    }
}
