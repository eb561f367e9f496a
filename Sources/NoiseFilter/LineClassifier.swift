import Foundation

/// One non-empty line of a version, and what the rules make of it.
struct PreparedLine {
    let original: String
    /// Whitespace collapsed and Unicode NFC: the form lines are compared in.
    let collapsed: String
    /// The collapsed line with volatile tokens replaced by placeholders; nil when ignored.
    var key: String?
    var tokens: [MaskToken] = []
    var ignoredBy: LineRuleVerdict?
}

struct LineRuleVerdict: Hashable {
    let rule: SuppressionRule
    let reason: String
}

/// One version of a page, line by line.
struct PreparedPage {
    var lines: [PreparedLine]
    /// The hash `VersionHistory` compares: the keys of the kept lines, in order.
    var hash: UInt64 = 0

    /// Collapses whitespace and drops lines that become empty; classification comes later.
    init(_ originals: [String]) {
        lines = []
        lines.reserveCapacity(originals.count)
        for original in originals {
            let collapsed = Self.comparable(original)
            if !collapsed.isEmpty {
                lines.append(PreparedLine(original: original, collapsed: collapsed))
            }
        }
    }

    /// Lines that take part in the masked comparison.
    var kept: [PreparedLine] { lines.filter { $0.ignoredBy == nil } }

    /// "é" typed two ways is one line: Unicode NFC. Text below U+0300 (where combining marks
    /// begin) is already NFC, which skips the costly conversion for most Latin text.
    private static func comparable(_ line: String) -> String {
        let collapsed = Whitespace.collapse(line)
        return collapsed.unicodeScalars.allSatisfy { $0.value < 0x300 } ? collapsed : collapsed.precomposedStringWithCanonicalMapping
    }
}

/// Classifies lines: ignored by a line rule, or kept with volatile tokens masked. Equal lines are
/// classified once; most lines of two versions are equal.
struct LineClassifier {
    private enum Classification {
        case ignored(LineRuleVerdict)
        case kept(key: String, tokens: [MaskToken])
    }

    private let rules: CompiledRules
    private var budget = RegexBudget()
    private var cache: [String: Classification] = [:]

    init(rules: CompiledRules) {
        self.rules = rules
    }

    mutating func classify(_ page: inout PreparedPage) {
        cache.reserveCapacity(cache.count + page.lines.count)
        var hash = StableHash()
        for index in page.lines.indices {
            switch classify(page.lines[index].collapsed) {
            case .ignored(let verdict):
                page.lines[index].ignoredBy = verdict
            case .kept(let key, let tokens):
                page.lines[index].key = key
                page.lines[index].tokens = tokens
                hash.combine(key)
                hash.combineSeparator()
            }
        }
        page.hash = hash.value
    }

    /// Trigger matching shares the evaluation's regex budget.
    mutating func matches(_ trigger: CompiledTrigger, line: String) -> GuardedRegex.Outcome {
        trigger.matches(line, budget: &budget)
    }

    private mutating func classify(_ line: String) -> Classification {
        if let known = cache[line] { return known }
        let facts = LineFacts(line)
        let result: Classification
        if let verdict = lineRule(for: line, facts: facts) {
            result = .ignored(verdict)
        } else {
            let masked = Self.mask(line, with: rules.masks, facts: facts)
            result = .kept(key: masked.key, tokens: masked.tokens)
        }
        cache[line] = result
        return result
    }

    /// `line` with the volatile tokens of every rule in `masks` replaced, rule after rule.
    static func mask(_ line: String, with masks: [MaskingRule], facts: LineFacts) -> (key: String, tokens: [MaskToken]) {
        var key = line
        var tokens: [MaskToken] = []
        for mask in masks {
            mask.apply(to: &key, tokens: &tokens, facts: facts)
        }
        return (key, tokens)
    }

    /// The first line rule that ignores `line`. A user pattern that ran out of time does not
    /// ignore the line: a change is reported rather than hidden.
    private mutating func lineRule(for line: String, facts: LineFacts) -> LineRuleVerdict? {
        for text in rules.ignoreTexts where line.range(of: text, options: .caseInsensitive) != nil {
            return LineRuleVerdict(rule: .ignoreText, reason: "\(SuppressionRule.ignoreText.reason): \"\(text)\"")
        }
        for pattern in rules.ignorePatterns where pattern.matches(line, budget: &budget) == .match {
            return LineRuleVerdict(rule: .ignorePattern, reason: "\(SuppressionRule.ignorePattern.reason): /\(pattern.source)/")
        }
        if rules.ignoresAdTracking && AdTrackingLines.matches(line, facts: facts) {
            return LineRuleVerdict(rule: .adTracking, reason: SuppressionRule.adTracking.reason)
        }
        return nil
    }
}
