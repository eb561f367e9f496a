import TextDiff

/// One run of `NoiseFilter.evaluate`: classify both versions, diff their masked lines, then
/// take out, in order, ignored lines, masked-token differences, moves, rotating blocks and (when
/// triggers are set and none fires) everything else.
struct Evaluation {
    private let rules: CompiledRules
    private var classifier: LineClassifier
    private var suppressed: [SuppressedDifference] = []

    init(rules: CompiledRules) {
        self.rules = rules
        classifier = LineClassifier(rules: rules)
    }

    mutating func run(previous: [String], current: [String], history: VersionHistory) -> NoiseVerdict {
        var before = PreparedPage(previous)
        var after = PreparedPage(current)
        if before.lines.map(\.collapsed) == after.lines.map(\.collapsed) {
            return NoiseVerdict(outcome: .unchanged)
        }
        classifier.classify(&before)
        classifier.classify(&after)
        suppressIgnoredLines(before: before, after: after)

        let oldKept = before.kept, newKept = after.kept
        var changes = collectChanges(old: oldKept, new: newKept)
        suppressMoves(&changes)

        // Rotation first: a carousel brings back whole earlier pages, and that is noise, not a
        // revert. What rotation does not explain is a revert when the page matches an older one.
        let versions = history.usableVersions(fingerprint: rules.fingerprint)
        if let rotation = Rotation(versions: versions, previousHash: before.hash) {
            suppressRotations(&changes, rotation: rotation)
        }
        let isRevert = after.hash != before.hash && versions.contains { $0.pageHash == after.hash }

        let added = changes.filter { $0.isInsertion && $0.isMeaningful }.map(\.line)
        let removed = changes.filter { !$0.isInsertion && $0.isMeaningful }.map(\.line)
        guard !added.isEmpty || !removed.isEmpty else {
            return NoiseVerdict(outcome: .noiseOnly, suppressed: suppressed)
        }

        let triggered = firedTriggers(added: added, removed: removed)
        if !rules.triggers.isEmpty && triggered.isEmpty {
            suppressed.append(SuppressedDifference(
                removed: removed.map(\.original), added: added.map(\.original),
                rule: SuppressionRule.noTrigger.rawValue, reason: SuppressionRule.noTrigger.reason
            ))
            return NoiseVerdict(outcome: .noiseOnly, suppressed: suppressed)
        }
        return NoiseVerdict(
            outcome: isRevert ? .reverted : .changed,
            added: added.map(\.original), removed: removed.map(\.original),
            suppressed: suppressed, triggered: triggered
        )
    }

    // MARK: Steps

    /// Ignored lines that were deleted or inserted, grouped by the rule that ignores them.
    private mutating func suppressIgnoredLines(before: PreparedPage, after: PreparedPage) {
        let oldIgnored = before.lines.contains { $0.ignoredBy != nil }
        let newIgnored = after.lines.contains { $0.ignoredBy != nil }
        guard oldIgnored || newIgnored else { return }
        var groups: [LineRuleVerdict: SuppressedDifference] = [:]
        var order: [LineRuleVerdict] = []
        let diff = LineDiff(old: before.lines.map(\.collapsed), new: after.lines.map(\.collapsed))
        for edit in diff.edits {
            let line: PreparedLine
            switch edit.kind {
            case .equal: continue
            case .delete:
                guard let index = edit.oldIndex else { continue }
                line = before.lines[index]
            case .insert:
                guard let index = edit.newIndex else { continue }
                line = after.lines[index]
            }
            guard let verdict = line.ignoredBy else { continue }
            if groups[verdict] == nil {
                order.append(verdict)
                groups[verdict] = SuppressedDifference(removed: [], added: [], rule: verdict.rule.rawValue, reason: verdict.reason)
            }
            if edit.kind == .delete {
                groups[verdict]?.removed.append(line.original)
            } else {
                groups[verdict]?.added.append(line.original)
            }
        }
        suppressed += order.compactMap { groups[$0] }
    }

    /// Diffs the masked keys. Aligned lines whose text differs differ only in masked tokens and
    /// are suppressed here; deleted and inserted lines are returned for the next steps.
    private mutating func collectChanges(old: [PreparedLine], new: [PreparedLine]) -> [Change] {
        let diff = LineDiff(old: old.map { $0.key ?? "" }, new: new.map { $0.key ?? "" })
        var changes: [Change] = []
        var hunk = -1
        var inHunk = false
        var lastPairEdit = -2
        for (position, edit) in diff.edits.enumerated() {
            switch edit.kind {
            case .equal:
                inHunk = false
                guard let oldIndex = edit.oldIndex, let newIndex = edit.newIndex,
                      old[oldIndex].collapsed != new[newIndex].collapsed
                else { continue }
                suppressMaskedPair(old: old[oldIndex], new: new[newIndex], continuesRun: lastPairEdit == position - 1)
                lastPairEdit = position
            case .delete, .insert:
                if !inHunk { hunk += 1 }
                inHunk = true
                let line = edit.kind == .delete ? edit.oldIndex.map { old[$0] } : edit.newIndex.map { new[$0] }
                if let line {
                    changes.append(Change(line: line, isInsertion: edit.kind == .insert, hunk: hunk))
                }
            }
        }
        return changes
    }

    private mutating func suppressMaskedPair(old: PreparedLine, new: PreparedLine, continuesRun: Bool) {
        let responsible = RuleAttribution.rules(old: old.tokens, new: new.tokens)
        let rule = responsible.map(\.rawValue).joined(separator: ",")
        if continuesRun, let last = suppressed.indices.last, suppressed[last].rule == rule {
            suppressed[last].removed.append(old.original)
            suppressed[last].added.append(new.original)
            return
        }
        suppressed.append(SuppressedDifference(
            removed: [old.original], added: [new.original],
            rule: rule, reason: responsible.map(\.reason).joined(separator: "; ")
        ))
    }

    /// A deleted line whose key is also inserted elsewhere merely moved.
    private mutating func suppressMoves(_ changes: inout [Change]) {
        let moved = Reordering.movedChanges(changes)
        guard !moved.isEmpty else { return }
        for index in moved { changes[index].suppression = .reordered }
        let movedChanges = moved.sorted().map { changes[$0] }
        suppressed.append(SuppressedDifference(
            removed: movedChanges.filter { !$0.isInsertion }.map(\.line.original),
            added: movedChanges.filter(\.isInsertion).map(\.line.original),
            rule: SuppressionRule.reordered.rawValue, reason: SuppressionRule.reordered.reason
        ))
    }

    private mutating func suppressRotations(_ changes: inout [Change], rotation: Rotation) {
        let hunks = Dictionary(grouping: changes.indices.filter { changes[$0].isMeaningful }) { changes[$0].hunk }
        for hunk in hunks.keys.sorted() {
            guard let members = hunks[hunk] else { continue }
            let deletions = members.filter { !changes[$0].isInsertion }
            let insertions = members.filter { changes[$0].isInsertion }
            let rotating = rotation.rotatingLines(
                deleted: deletions.map { changes[$0].line }, inserted: insertions.map { changes[$0].line }
            )
            guard !rotating.deleted.isEmpty else { continue }
            let gone = rotating.deleted.map { deletions[$0] }
            let back = rotating.inserted.map { insertions[$0] }
            for index in gone + back { changes[index].suppression = .rotating }
            suppressed.append(SuppressedDifference(
                removed: gone.map { changes[$0].line.original }, added: back.map { changes[$0].line.original },
                rule: SuppressionRule.rotating.rawValue, reason: SuppressionRule.rotating.reason
            ))
        }
    }

    /// Descriptions of the triggers that fire on the meaningful lines. A regular expression that
    /// ran out of time counts as fired: better one alert too many than a hidden change.
    private mutating func firedTriggers(added: [PreparedLine], removed: [PreparedLine]) -> [String] {
        var fired: [String] = []
        for trigger in rules.triggers {
            let lines = trigger.trigger.event == .appears ? added : removed
            var outcome = GuardedRegex.Outcome.noMatch
            for line in lines {
                let result = classifier.matches(trigger, line: line.collapsed)
                if result == .match {
                    outcome = .match
                    break
                }
                if result == .unknown { outcome = .unknown }
            }
            switch outcome {
            case .match: fired.append(trigger.trigger.description)
            case .unknown: fired.append(trigger.trigger.description + " (timed out; reported to be safe)")
            case .noMatch: break
            }
        }
        return fired
    }
}

/// A deleted or inserted line of the masked diff.
struct Change {
    let line: PreparedLine
    let isInsertion: Bool
    /// Changes in one contiguous run of the diff share a hunk number.
    let hunk: Int
    var suppression: SuppressionRule?

    init(line: PreparedLine, isInsertion: Bool, hunk: Int) {
        self.line = line
        self.isInsertion = isInsertion
        self.hunk = hunk
    }

    var isMeaningful: Bool { suppression == nil }
}
