@testable import SpyglassWeb
import Testing
import TextDiff

/// The change page reads the diff the check stored instead of diffing again; it must show exactly
/// what a fresh diff would, and fall back when the stored text does not fit.
@Suite("Stored diff")
struct StoredDiffTests {
    /// Deterministic pseudo-random edits of a document.
    static func versions(seed: UInt64, lines: Int) -> (old: [String], new: [String]) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let old = (0..<lines).map { "line \($0) \(next() % 5)" }
        var new: [String] = []
        for line in old {
            switch next() % 10 {
            case 0: continue
            case 1: new.append(line + " (edited)")
            case 2: new.append(line); new.append("inserted \(next() % 100)")
            default: new.append(line)
            }
        }
        return (old, new)
    }

    static func shape(_ view: DiffView) -> [String] {
        view.rows.map { "\($0.kind)|\($0.oldNumber ?? -1)|\($0.oldText ?? "")|\($0.newNumber ?? -1)|\($0.newText ?? "")|\($0.fold ?? "")" }
            + view.lines.map { "\($0.kind)|\($0.number ?? -1)|\($0.text)|\($0.fold ?? "")" }
    }

    @Test("the view from the stored diff is the view from a fresh diff", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func sameView(seed: UInt64) throws {
        let (old, new) = Self.versions(seed: seed, lines: 40 + Int(seed) * 37)
        let unified = LineDiff(old: old, new: new).unified()
        let stored = try #require(DiffView(unifiedDiff: unified, old: old))
        let fresh = DiffView(old: old, new: new)
        #expect(Self.shape(stored) == Self.shape(fresh))
        #expect(stored.addedCount == fresh.addedCount)
        #expect(stored.removedCount == fresh.removedCount)
    }

    @Test("edits at the very start and end, and a whole replacement")
    func edges() throws {
        for (old, new) in [(["a", "b"], ["x", "a", "b", "y"]), (["a", "b", "c"], ["c"]), (["a"], ["b"]), ([], ["new"])] {
            let unified = LineDiff(old: old, new: new).unified()
            let stored = try #require(DiffView(unifiedDiff: unified, old: old), "\(old) → \(new)")
            #expect(Self.shape(stored) == Self.shape(DiffView(old: old, new: new)), "\(old) → \(new)")
        }
    }

    @Test("a stored diff that does not fit the old text is refused")
    func mismatch() {
        let unified = LineDiff(old: ["a", "b", "c"], new: ["a", "B", "c"]).unified()
        #expect(DiffView(unifiedDiff: unified, old: ["a", "z", "c"]) == nil)
        #expect(DiffView(unifiedDiff: "", old: ["a"]) == nil)
        #expect(DiffView(unifiedDiff: "--- a\n+++ b\n@@ -9,2 +9,2 @@\n-x\n+y\n", old: ["a"]) == nil)
        #expect(DiffView(unifiedDiff: "--- a\n+++ b\n@@ nonsense @@\n", old: ["a"]) == nil)
        #expect(DiffView(unifiedDiff: "--- a\n+++ b\n@@ -1 +1 @@\n?a\n", old: ["a"]) == nil)
        #expect(DiffView(unifiedDiff: "--- a\n+++ b\n@@ -1,5 +1,5 @@\n-a\n", old: ["a"]) == nil)
    }
}
