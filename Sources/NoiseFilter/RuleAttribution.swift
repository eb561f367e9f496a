/// Which masking rules explain the difference between two lines whose masked keys are equal.
enum RuleAttribution {
    /// The rules whose masked tokens differ between the lines, in `SuppressionRule` order. When
    /// none does (a line that contained placeholder text itself), every rule that masked something.
    static func rules(old: [MaskToken], new: [MaskToken]) -> [SuppressionRule] {
        let involved = SuppressionRule.allCases.filter { rule in
            old.contains { $0.rule == rule } || new.contains { $0.rule == rule }
        }
        let differing = involved.filter { rule in
            old.filter { $0.rule == rule }.map(\.text) != new.filter { $0.rule == rule }.map(\.text)
        }
        return differing.isEmpty ? involved : differing
    }
}
