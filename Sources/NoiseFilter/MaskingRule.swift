import Foundation

/// A built-in volatile-content rule: regular expressions whose matches become a placeholder, so
/// two lines that differ only in such tokens compare equal.
struct MaskingRule: Sendable {
    let rule: SuppressionRule
    let patterns: [MaskingPattern]

    /// Replaces every accepted match in `line`, pattern after pattern, and records what was
    /// replaced. Later patterns see the placeholders of earlier ones; placeholders are bracketed
    /// (⟦…⟧) and hold no digits, so no number pattern matches them again.
    func apply(to line: inout String, tokens: inout [MaskToken], facts: LineFacts) {
        for pattern in patterns where pattern.mightMatch(facts) {
            let results = pattern.regex.matches(in: line, range: NSRange(location: 0, length: line.utf16.count))
            guard !results.isEmpty else { continue }
            var rebuilt = ""
            var cursor = line.startIndex
            var changed = false
            for result in results {
                guard let range = Range(result.range, in: line), range.lowerBound >= cursor else { continue }
                let match = RegexMatch(result: result, line: line, range: range)
                guard let replacement = pattern.replace(match) else { continue }
                rebuilt += line[cursor..<range.lowerBound]
                rebuilt += replacement
                cursor = range.upperBound
                tokens.append(MaskToken(rule: rule, text: match.whole))
                changed = true
            }
            guard changed else { continue }
            rebuilt += line[cursor...]
            line = rebuilt
        }
    }
}

/// One regular expression of a masking rule and how a match becomes its placeholder.
struct MaskingPattern: Sendable {
    let regex: NSRegularExpression
    /// False when the line cannot contain a match; must never be false when it can.
    let mightMatch: @Sendable (LineFacts) -> Bool
    /// The text that replaces the match, or nil to leave this match alone.
    let replace: @Sendable (RegexMatch) -> String?

    /// Nil when `pattern` does not compile; `BuiltInMaskTests` checks that none is dropped.
    init?(
        _ pattern: String,
        caseInsensitive: Bool = true,
        when mightMatch: @escaping @Sendable (LineFacts) -> Bool,
        replace: @escaping @Sendable (RegexMatch) -> String?
    ) {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else {
            return nil
        }
        self.regex = regex
        self.mightMatch = mightMatch
        self.replace = replace
    }

    /// Every match becomes `placeholder`.
    init?(_ pattern: String, caseInsensitive: Bool = true, when mightMatch: @escaping @Sendable (LineFacts) -> Bool, placeholder: String) {
        self.init(pattern, caseInsensitive: caseInsensitive, when: mightMatch) { _ in placeholder }
    }
}

/// A match and the line it was found in.
struct RegexMatch {
    let result: NSTextCheckingResult
    let line: String
    /// `result.range` in `line`.
    let range: Range<String.Index>

    var whole: String { String(line[range]) }

    /// The text of capture group `index`, or nil when the group took no part in the match.
    func group(_ index: Int) -> String? {
        groupRange(index).map { String(line[$0]) }
    }

    /// The match with capture group `index` replaced by `replacement`.
    func replacing(group index: Int, with replacement: String) -> String {
        guard let group = groupRange(index) else { return whole }
        return String(line[range.lowerBound..<group.lowerBound]) + replacement + line[group.upperBound..<range.upperBound]
    }

    /// Up to `count` characters of the line before the match, lowercased.
    func textBefore(_ count: Int) -> String {
        line[..<range.lowerBound].suffix(count).lowercased()
    }

    /// Up to `count` characters of the line after the match, lowercased.
    func textAfter(_ count: Int) -> String {
        line[range.upperBound...].prefix(count).lowercased()
    }

    private func groupRange(_ index: Int) -> Range<String.Index>? {
        guard index < result.numberOfRanges else { return nil }
        let nsRange = result.range(at: index)
        guard nsRange.location != NSNotFound else { return nil }
        return Range(nsRange, in: line)
    }
}

/// A token a masking rule replaced, kept to tell which rule explains a difference.
struct MaskToken: Hashable, Sendable {
    let rule: SuppressionRule
    let text: String
}
