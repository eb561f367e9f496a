/// Turns two line arrays into an edit script: intern, trim, drop unmatched lines, run Myers.
enum EditScript {
    /// The default cost limit, as in xdiff: √(N+M) with a floor of 256, N and M counted after
    /// trimming and dropping unmatched lines. Diffs with fewer than 512 differences are therefore
    /// always minimal, and two unrelated 100k-line inputs cost about 450 steps per split.
    static func defaultCostLimit(oldCount: Int, newCount: Int) -> Int {
        max(256, Int(Double(oldCount + newCount + 3).squareRoot()))
    }

    /// - Parameter costLimit: nil for `defaultCostLimit`.
    static func compute(old: [String], new: [String], costLimit: Int?) -> [Edit] {
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

        var deleted = Array(repeating: false, count: oldCodes.count)
        var inserted = Array(repeating: false, count: newCodes.count)
        var keptOld: [Int] = [], keptNew: [Int] = []
        for index in prefix..<oldEnd {
            if occursInNew[oldCodes[index]] { keptOld.append(index) } else { deleted[index] = true }
        }
        for index in prefix..<newEnd {
            if occursInOld[newCodes[index]] { keptNew.append(index) } else { inserted[index] = true }
        }

        var search = MyersSearch(
            a: keptOld.map { oldCodes[$0] },
            b: keptNew.map { newCodes[$0] },
            costLimit: costLimit ?? defaultCostLimit(oldCount: keptOld.count, newCount: keptNew.count)
        )
        search.run()
        for (position, index) in keptOld.enumerated() where search.deleted[position] {
            deleted[index] = true
        }
        for (position, index) in keptNew.enumerated() where search.inserted[position] {
            inserted[index] = true
        }
        return edits(old: old, new: new, deleted: deleted, inserted: inserted)
    }

    /// Walks both sides in step; within a change, deletions come before insertions (GNU order).
    /// The search leaves equally many unchanged lines on both sides; the `== count` checks only
    /// keep the walk in bounds (and the script correct) should that ever not hold.
    private static func edits(old: [String], new: [String], deleted: [Bool], inserted: [Bool]) -> [Edit] {
        var result: [Edit] = []
        result.reserveCapacity(max(old.count, new.count))
        var oldIndex = 0, newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if oldIndex < old.count, deleted[oldIndex] || newIndex == new.count {
                result.append(Edit(kind: .delete, line: old[oldIndex], oldIndex: oldIndex, newIndex: nil))
                oldIndex += 1
            } else if newIndex < new.count, inserted[newIndex] || oldIndex == old.count {
                result.append(Edit(kind: .insert, line: new[newIndex], oldIndex: nil, newIndex: newIndex))
                newIndex += 1
            } else {
                result.append(Edit(kind: .equal, line: old[oldIndex], oldIndex: oldIndex, newIndex: newIndex))
                oldIndex += 1
                newIndex += 1
            }
        }
        return result
    }
}
