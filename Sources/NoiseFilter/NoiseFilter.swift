/// Decides which differences between two versions of a page are noise, and says why.
///
/// Lines are compared after collapsing whitespace. Built-in rules mask volatile tokens (dates,
/// relative times, copyright years, counters, session tokens, cache busters) so that lines that
/// differ only in them compare equal, and ignore advertising and cookie-consent lines. Per-monitor
/// rules ignore more lines and can require a trigger. Lines that merely moved, and blocks that
/// rotate through content seen in recent versions, are noise too. False suppression is worse than
/// a missed noise rule, so every rule errs towards reporting a change.
///
/// ```swift
/// let filter = NoiseFilter(rules: monitor.noiseRules)
/// let verdict = filter.evaluate(previous: old.lines, current: new.lines, history: history)
/// filter.record(new.lines, in: &history)
/// ```
public struct NoiseFilter: Sendable {
    public let rules: NoiseRules
    private let compiled: CompiledRules

    /// Never fails: an unusable ignore pattern or trigger is skipped (check with `validate` when
    /// the rules are saved). Skipping only ever reports more changes.
    public init(rules: NoiseRules = NoiseRules()) {
        self.rules = rules
        compiled = CompiledRules(rules)
    }

    /// Throws the first problem in `rules`: an invalid, empty or too long regular expression, or
    /// an empty ignore text or trigger text.
    public static func validate(_ rules: NoiseRules) throws(NoiseRuleError) {
        if let problem = CompiledRules(rules).problems.first { throw problem }
    }

    /// Compares two versions, each a list of normalised lines, using `history` (the versions
    /// recorded before `current`) to recognise rotating content and reverts.
    public func evaluate(previous: [String], current: [String], history: VersionHistory) -> NoiseVerdict {
        var evaluation = Evaluation(rules: compiled)
        return evaluation.run(previous: previous, current: current, history: history)
    }

    /// Records `lines` as the newest version in `history`, hashed under these rules.
    public func record(_ lines: [String], in history: inout VersionHistory) {
        var page = PreparedPage(lines)
        var classifier = LineClassifier(rules: compiled)
        classifier.classify(&page)
        var seen = Set<UInt64>()
        var lineHashes: [UInt64] = []
        for line in page.lines {
            guard let key = line.key else { continue }
            let hash = StableHash.of(key)
            if seen.insert(hash).inserted {
                lineHashes.append(hash)
                if lineHashes.count == VersionHistory.maxLineHashes { break }
            }
        }
        history.append(VersionHistory.Version(pageHash: page.hash, lineHashes: lineHashes.sorted()), fingerprint: compiled.fingerprint)
    }
}
