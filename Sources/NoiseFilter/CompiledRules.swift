import Foundation

/// `NoiseRules` made ready to run: regular expressions compiled, unusable entries dropped.
struct CompiledRules: Sendable {
    let ignoreTexts: [String]
    let ignorePatterns: [GuardedRegex]
    let triggers: [CompiledTrigger]
    let masks: [MaskingRule]
    let ignoresAdTracking: Bool
    /// Identifies everything that decides line keys, so a `VersionHistory` recorded under other
    /// rules is recognised and not compared.
    let fingerprint: UInt64
    /// Why entries were dropped, in rule order.
    let problems: [NoiseRuleError]

    init(_ rules: NoiseRules) {
        var problems: [NoiseRuleError] = []
        var ignoreTexts: [String] = []
        for (index, text) in rules.ignoreText.enumerated() {
            if text.isEmpty {
                problems.append(NoiseRuleError(.emptyMatch, field: "ignoreText[\(index)]", "ignoreText[\(index)] is empty, which would match every line"))
            } else {
                ignoreTexts.append(text)
            }
        }
        var ignorePatterns: [GuardedRegex] = []
        for (index, source) in rules.ignorePatterns.enumerated() {
            switch GuardedRegex.compile(source, field: "ignorePatterns[\(index)]") {
            case .success(let regex): ignorePatterns.append(regex)
            case .failure(let problem): problems.append(problem)
            }
        }
        var triggers: [CompiledTrigger] = []
        for (index, trigger) in rules.triggers.enumerated() {
            switch CompiledTrigger.compile(trigger, field: "triggers[\(index)]") {
            case .success(let compiled): triggers.append(compiled)
            case .failure(let problem): problems.append(problem)
            }
        }
        self.ignoreTexts = ignoreTexts
        self.ignorePatterns = ignorePatterns
        self.triggers = triggers
        self.masks = rules.builtInRules ? BuiltInMasks.rules(countersAreNoise: rules.countersAreNoise) : []
        self.ignoresAdTracking = rules.builtInRules
        self.problems = problems

        var hash = StableHash()
        hash.combine("masks=\(BuiltInMasks.version) builtIn=\(rules.builtInRules) counters=\(rules.countersAreNoise)")
        for text in ignoreTexts {
            hash.combineSeparator()
            hash.combine("text:" + text)
        }
        for pattern in ignorePatterns {
            hash.combineSeparator()
            hash.combine("regex:" + pattern.source)
        }
        fingerprint = hash.value
    }
}

/// A trigger with its matcher ready.
struct CompiledTrigger: Sendable {
    let trigger: Trigger
    private let regex: GuardedRegex?

    static func compile(_ trigger: Trigger, field: String) -> Result<CompiledTrigger, NoiseRuleError> {
        switch trigger.match {
        case .text(let text):
            guard !text.isEmpty else {
                return .failure(NoiseRuleError(.emptyMatch, field: field, "\(field) has empty text, which would match every line"))
            }
            return .success(CompiledTrigger(trigger: trigger, regex: nil))
        case .regex(let source):
            return GuardedRegex.compile(source, field: field).map { CompiledTrigger(trigger: trigger, regex: $0) }
        }
    }

    func matches(_ line: String, budget: inout RegexBudget) -> GuardedRegex.Outcome {
        if let regex { return regex.matches(line, budget: &budget) }
        guard case .text(let text) = trigger.match else { return .noMatch }
        return line.range(of: text, options: .caseInsensitive) == nil ? .noMatch : .match
    }
}
