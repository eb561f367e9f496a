import TextDiff

/// Reads a stored unified diff back into a whole edit script, the unchanged lines between hunks
/// taken from the old text. Strict: any line that does not fit (a bad header, a context line that
/// differs from the old text, counts that do not add up) gives nil, and the caller diffs afresh.
enum StoredDiff {
    static func edits(_ unified: String, old: [String]) -> [Edit]? {
        guard !unified.isEmpty else { return nil }
        var text = unified.split(separator: "\n", omittingEmptySubsequences: false)
        if text.last == "" { text.removeLast() }
        guard text.count >= 2, text[0].hasPrefix("--- "), text[1].hasPrefix("+++ ") else { return nil }
        var edits: [Edit] = []
        edits.reserveCapacity(old.count + text.count)
        var oldNext = 0, newNext = 0
        var index = 2
        while index < text.count {
            guard let header = hunkHeader(text[index]) else { return nil }
            index += 1
            // Unchanged lines before this hunk.
            guard header.oldStart >= oldNext, header.oldStart <= old.count,
                  header.newStart - newNext == header.oldStart - oldNext else { return nil }
            while oldNext < header.oldStart {
                edits.append(Edit(kind: .equal, line: old[oldNext], oldIndex: oldNext, newIndex: newNext))
                oldNext += 1
                newNext += 1
            }
            var oldLeft = header.oldCount, newLeft = header.newCount
            while oldLeft > 0 || newLeft > 0 {
                guard index < text.count, let marker = text[index].first else { return nil }
                let line = String(text[index].dropFirst())
                switch marker {
                case " ":
                    guard oldLeft > 0, newLeft > 0, oldNext < old.count, old[oldNext] == line else { return nil }
                    edits.append(Edit(kind: .equal, line: line, oldIndex: oldNext, newIndex: newNext))
                    oldNext += 1; newNext += 1; oldLeft -= 1; newLeft -= 1
                case "-":
                    guard oldLeft > 0, oldNext < old.count, old[oldNext] == line else { return nil }
                    edits.append(Edit(kind: .delete, line: line, oldIndex: oldNext, newIndex: nil))
                    oldNext += 1; oldLeft -= 1
                case "+":
                    guard newLeft > 0 else { return nil }
                    edits.append(Edit(kind: .insert, line: line, oldIndex: nil, newIndex: newNext))
                    newNext += 1; newLeft -= 1
                default:
                    return nil
                }
                index += 1
            }
        }
        while oldNext < old.count {
            edits.append(Edit(kind: .equal, line: old[oldNext], oldIndex: oldNext, newIndex: newNext))
            oldNext += 1
            newNext += 1
        }
        return edits
    }

    /// `@@ -l[,s] +l[,s] @@`, as 0-based starts of the lines the hunk covers and its counts.
    static func hunkHeader(_ line: Substring) -> (oldStart: Int, oldCount: Int, newStart: Int, newCount: Int)? {
        let parts = line.split(separator: " ")
        guard parts.count >= 4, parts[0] == "@@", parts[3] == "@@",
              let old = range(parts[1], sign: "-"), let new = range(parts[2], sign: "+") else { return nil }
        return (old.start, old.count, new.start, new.count)
    }

    /// GNU's number ranges: "l,s" or "l" (s = 1); an empty range names the line before it.
    private static func range(_ text: Substring, sign: Character) -> (start: Int, count: Int)? {
        guard text.first == sign else { return nil }
        let numbers = text.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
        guard (1...2).contains(numbers.count), let line = Int(numbers[0]), line >= 0, line <= 100_000_000 else { return nil }
        let count = numbers.count == 2 ? Int(numbers[1]) : 1
        guard let count, count >= 0, count <= 100_000_000 else { return nil }
        return (count == 0 ? line : line - 1, count)
    }
}
