/// Renders an edit script in GNU unified format.
enum UnifiedFormat {
    static func render(edits: [Edit], oldName: String, newName: String, context: Int) -> String {
        let hunks = hunkRanges(edits: edits, context: context)
        guard !hunks.isEmpty else { return "" }

        var output = "--- \(oldName)\n+++ \(newName)\n"
        // Lines of each side consumed by edits before `cursor`, i.e. 0-based line positions.
        var cursor = 0, oldPosition = 0, newPosition = 0
        for hunk in hunks {
            while cursor < hunk.lowerBound {
                advance(edits[cursor], old: &oldPosition, new: &newPosition)
                cursor += 1
            }
            let oldStart = oldPosition, newStart = newPosition
            var oldCount = 0, newCount = 0
            for edit in edits[hunk] {
                advance(edit, old: &oldCount, new: &newCount)
            }
            output += "@@ -\(range(start: oldStart, count: oldCount)) +\(range(start: newStart, count: newCount)) @@\n"
            for edit in edits[hunk] {
                switch edit.kind {
                case .equal: output += " "
                case .delete: output += "-"
                case .insert: output += "+"
                }
                output += edit.line
                output += "\n"
            }
        }
        return output
    }

    /// GNU's `print_unidiff_number_range`: a 1-based "start,count", the count omitted when it is
    /// 1; an empty range prints the line *before* it (0 at the top of the file) with ",0".
    private static func range(start: Int, count: Int) -> String {
        switch count {
        case 0: "\(start),0"
        case 1: "\(start + 1)"
        default: "\(start + 1),\(count)"
        }
    }

    private static func advance(_ edit: Edit, old: inout Int, new: inout Int) {
        switch edit.kind {
        case .equal:
            old += 1
            new += 1
        case .delete:
            old += 1
        case .insert:
            new += 1
        }
    }

    /// Ranges of `edits` to print, each a run of changes with up to `context` equal lines around
    /// it. Changes separated by at most 2 · context equal lines share a hunk, as in GNU diff.
    private static func hunkRanges(edits: [Edit], context: Int) -> [Range<Int>] {
        var hunks: [Range<Int>] = []
        var index = 0
        while index < edits.count {
            guard edits[index].kind != .equal else {
                index += 1
                continue
            }
            // Everything within `context` before this change is equal: an earlier change that
            // close would have pulled this one into its hunk.
            let start = max(0, index - context)
            var changeEnd = index
            while true {
                while changeEnd < edits.count, edits[changeEnd].kind != .equal { changeEnd += 1 }
                var nextChange = changeEnd
                while nextChange < edits.count, edits[nextChange].kind == .equal { nextChange += 1 }
                guard nextChange < edits.count, nextChange - changeEnd <= 2 * context else { break }
                changeEnd = nextChange
            }
            let end = min(edits.count, changeEnd + context)
            hunks.append(start..<end)
            index = end
        }
        return hunks
    }
}
