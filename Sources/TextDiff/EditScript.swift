/// Turns two texts or line arrays into an edit script: intern, trim, drop unmatched lines, run
/// Myers.
enum EditScript {
    /// The default cost limit, as in xdiff: √(N+M) with a floor of 256, N and M counted after
    /// trimming and dropping unmatched lines. Diffs with fewer than 512 differences are therefore
    /// always minimal, and two unrelated 100k-line inputs cost about 450 steps per split.
    static func defaultCostLimit(oldCount: Int, newCount: Int) -> Int {
        max(256, Int(Double(oldCount + newCount + 3).squareRoot()))
    }

    /// Splits both texts on "\n" (see `LineTable`) and diffs them in place in their UTF-8 bytes;
    /// a `String` is made only for each line the script carries (old lines and insertions).
    /// - Parameter costLimit: nil for `defaultCostLimit`.
    static func compute(oldText: String, newText: String, costLimit: Int?) -> [Edit] {
        var oldText = oldText, newText = newText
        return oldText.withUTF8 { oldBytes in
            newText.withUTF8 { newBytes in
                let old = LineTable(splitting: UnsafeRawBufferPointer(oldBytes))
                let new = LineTable(splitting: UnsafeRawBufferPointer(newBytes))
                let changes = changedLines(old: old, new: new, costLimit: costLimit)
                return edits(changes, oldLine: old.string, newLine: new.string)
            }
        }
    }

    /// - Parameter costLimit: nil for `defaultCostLimit`.
    static func compute(old: [String], new: [String], costLimit: Int?) -> [Edit] {
        let oldPacked = pack(old), newPacked = pack(new)
        let changes = oldPacked.bytes.withUnsafeBytes { oldBytes in
            newPacked.bytes.withUnsafeBytes { newBytes in
                changedLines(
                    old: LineTable(bytes: oldBytes, ranges: oldPacked.ranges),
                    new: LineTable(bytes: newBytes, ranges: newPacked.ranges),
                    costLimit: costLimit
                )
            }
        }
        return edits(changes, oldLine: { old[$0] }, newLine: { new[$0] })
    }

    /// All lines' UTF-8 bytes back to back, so both entry points share one byte-level path.
    private static func pack(_ lines: [String]) -> (bytes: [UInt8], ranges: [Range<Int>]) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(lines.count)
        for line in lines {
            let start = bytes.count
            bytes.append(contentsOf: line.utf8)
            ranges.append(start..<bytes.count)
        }
        return (bytes, ranges)
    }

    /// `deleted[i]`: old line i is not kept; `inserted[j]`: new line j is not kept.
    private struct Changes {
        var deleted: [Bool]
        var inserted: [Bool]
    }

    private static func changedLines(old: LineTable, new: LineTable, costLimit: Int?) -> Changes {
        var interner = LineInterner(capacity: old.count + new.count)
        let oldCodes = interner.codes(for: old)
        let newCodes = interner.codes(for: new)

        var prefix = 0
        while prefix < oldCodes.count, prefix < newCodes.count, oldCodes[prefix] == newCodes[prefix] {
            prefix += 1
        }
        var oldEnd = oldCodes.count, newEnd = newCodes.count
        while oldEnd > prefix, newEnd > prefix, oldCodes[oldEnd - 1] == newCodes[newEnd - 1] {
            oldEnd -= 1
            newEnd -= 1
        }

        // A line that never occurs on the other side cannot be in any common subsequence, so
        // removing it before the search keeps the result minimal and makes unrelated inputs cheap.
        var occursInOld = Array(repeating: false, count: interner.count)
        var occursInNew = Array(repeating: false, count: interner.count)
        for index in prefix..<oldEnd { occursInOld[oldCodes[index]] = true }
        for index in prefix..<newEnd { occursInNew[newCodes[index]] = true }

        var changes = Changes(
            deleted: Array(repeating: false, count: oldCodes.count),
            inserted: Array(repeating: false, count: newCodes.count)
        )
        var keptOld: [Int] = [], keptNew: [Int] = []
        keptOld.reserveCapacity(oldEnd - prefix)
        keptNew.reserveCapacity(newEnd - prefix)
        for index in prefix..<oldEnd {
            if occursInNew[oldCodes[index]] { keptOld.append(index) } else { changes.deleted[index] = true }
        }
        for index in prefix..<newEnd {
            if occursInOld[newCodes[index]] { keptNew.append(index) } else { changes.inserted[index] = true }
        }

        var search = MyersSearch(
            a: keptOld.map { oldCodes[$0] },
            b: keptNew.map { newCodes[$0] },
            costLimit: costLimit ?? defaultCostLimit(oldCount: keptOld.count, newCount: keptNew.count)
        )
        search.run()
        for (position, index) in keptOld.enumerated() where search.deleted[position] {
            changes.deleted[index] = true
        }
        for (position, index) in keptNew.enumerated() where search.inserted[position] {
            changes.inserted[index] = true
        }
        return changes
    }

    /// Walks both sides in step; within a change, deletions come before insertions (GNU order).
    /// The search leaves equally many unchanged lines on both sides; the `== count` checks only
    /// keep the walk in bounds (and the script correct) should that ever not hold.
    private static func edits(
        _ changes: Changes,
        oldLine: (Int) -> String,
        newLine: (Int) -> String
    ) -> [Edit] {
        let (deleted, inserted) = (changes.deleted, changes.inserted)
        var result: [Edit] = []
        // One edit per old line plus one per insertion.
        result.reserveCapacity(inserted.reduce(deleted.count) { $1 ? $0 + 1 : $0 })
        var oldIndex = 0, newIndex = 0
        while oldIndex < deleted.count || newIndex < inserted.count {
            if oldIndex < deleted.count, deleted[oldIndex] || newIndex == inserted.count {
                result.append(Edit(kind: .delete, line: oldLine(oldIndex), oldIndex: oldIndex, newIndex: nil))
                oldIndex += 1
            } else if newIndex < inserted.count, inserted[newIndex] || oldIndex == deleted.count {
                result.append(Edit(kind: .insert, line: newLine(newIndex), oldIndex: nil, newIndex: newIndex))
                newIndex += 1
            } else {
                result.append(Edit(kind: .equal, line: oldLine(oldIndex), oldIndex: oldIndex, newIndex: newIndex))
                oldIndex += 1
                newIndex += 1
            }
        }
        return result
    }
}
