/// The built-in masking rules in the order they run. URL and token rules come first, so their
/// digits are gone before the date and counter rules look for numbers.
enum BuiltInMasks {
    static func rules(countersAreNoise: Bool) -> [MaskingRule] {
        var rules = [
            CacheBusterMask.rule, SessionTokenMask.rule, CopyrightMask.rule, DateTimeMask.rule, RelativeTimeMask.rule,
        ]
        if countersAreNoise { rules.append(CounterMask.rule) }
        return rules
    }

    /// Increase when a built-in rule changes what it masks: stored histories then no longer match.
    static let version = 1
}
