import TextDiff

/// A change's before and after, laid out twice: side by side (old on the left,
/// new on the right, a changed line's two versions on one row) and inline (one
/// column, removed lines then added ones). Long runs of unchanged lines fold to
/// their first and last few.
struct DiffView: Sendable {
    struct Row: Sendable {
        var oldNumber: Int?
        var oldText: String?
        var newNumber: Int?
        var newText: String?
        /// equal, change, delete or insert.
        var kind: String
        var removed: Bool
        var added: Bool
        var fold: String?
    }

    struct Line: Sendable {
        var number: Int?
        var text: String
        /// equal, delete or insert.
        var kind: String
        var removed: Bool
        var added: Bool
        var fold: String?
    }

    var rows: [Row]
    var lines: [Line]
    var addedCount: Int
    var removedCount: Int
    /// Set when `limited(to:)` cut rows: what is not shown, in words.
    var truncated: String?

    static let context = 3

    /// The first `limit` rows and inline lines. A browser lays out a table of tens of
    /// thousands of rows slowly and nobody reads it there; the whole diff is a link away.
    func limited(to limit: Int) -> DiffView {
        guard rows.count > limit || lines.count > limit else { return self }
        var view = self
        view.rows = Array(rows.prefix(limit))
        view.lines = Array(lines.prefix(limit))
        view.truncated = "Showing the first \(view.rows.count) of \(rows.count) rows side by side and the first "
            + "\(view.lines.count) of \(lines.count) lines inline."
        return view
    }

    init(old: [String], new: [String]) {
        self.init(edits: LineDiff(old: old, new: new).edits)
    }

    /// The same view from the unified diff the check stored (context 3) and the old text: no
    /// second diff of the two versions, which for a large change costs far more than the page.
    /// Nil when the stored diff does not describe `old` (then the caller diffs afresh).
    init?(unifiedDiff: String, old: [String]) {
        guard let edits = StoredDiff.edits(unifiedDiff, old: old) else { return nil }
        self.init(edits: edits)
    }

    init(edits: [Edit]) {
        addedCount = edits.reduce(0) { $0 + ($1.kind == .insert ? 1 : 0) }
        removedCount = edits.reduce(0) { $0 + ($1.kind == .delete ? 1 : 0) }
        rows = []
        lines = []
        var index = 0
        while index < edits.count {
            if edits[index].kind == .equal {
                var end = index
                while end < edits.count, edits[end].kind == .equal { end += 1 }
                appendUnchanged(edits[index..<end], atStart: index == 0, atEnd: end == edits.count)
                index = end
                continue
            }
            var deletions: [Edit] = []
            var insertions: [Edit] = []
            while index < edits.count, edits[index].kind != .equal {
                if edits[index].kind == .delete { deletions.append(edits[index]) } else { insertions.append(edits[index]) }
                index += 1
            }
            for edit in deletions {
                lines.append(Line(number: edit.oldIndex.map { $0 + 1 }, text: edit.line, kind: "delete", removed: true,
                                  added: false))
            }
            for edit in insertions {
                lines.append(Line(number: edit.newIndex.map { $0 + 1 }, text: edit.line, kind: "insert", removed: false,
                                  added: true))
            }
            for offset in 0..<max(deletions.count, insertions.count) {
                let old = offset < deletions.count ? deletions[offset] : nil
                let new = offset < insertions.count ? insertions[offset] : nil
                let kind = old != nil && new != nil ? "change" : old != nil ? "delete" : "insert"
                rows.append(Row(
                    oldNumber: old?.oldIndex.map { $0 + 1 }, oldText: old?.line, newNumber: new?.newIndex.map { $0 + 1 },
                    newText: new?.line, kind: kind, removed: old != nil, added: new != nil))
            }
        }
    }

    /// Unchanged lines: all of a short run; of a long one, the few next to each change and a fold.
    private mutating func appendUnchanged(_ run: ArraySlice<Edit>, atStart: Bool, atEnd: Bool) {
        let leading = atStart ? 0 : Self.context
        let trailing = atEnd ? 0 : Self.context
        guard run.count > leading + trailing + 1 else {
            for edit in run { appendEqual(edit) }
            return
        }
        for edit in run.prefix(leading) { appendEqual(edit) }
        let folded = run.count - leading - trailing
        let text = "\(folded) unchanged line\(folded == 1 ? "" : "s")"
        rows.append(Row(kind: "fold", removed: false, added: false, fold: text))
        lines.append(Line(text: "", kind: "fold", removed: false, added: false, fold: text))
        for edit in run.suffix(trailing) { appendEqual(edit) }
    }

    private mutating func appendEqual(_ edit: Edit) {
        rows.append(Row(
            oldNumber: edit.oldIndex.map { $0 + 1 }, oldText: edit.line, newNumber: edit.newIndex.map { $0 + 1 },
            newText: edit.line, kind: "equal", removed: false, added: false))
        lines.append(Line(number: edit.newIndex.map { $0 + 1 }, text: edit.line, kind: "equal", removed: false, added: false))
    }
}
