@testable import NoiseFilter
import Testing

/// The masked form of one line under the built-in rules.
func masked(_ line: String, countersAreNoise: Bool = true) -> String {
    LineClassifier.mask(line, with: BuiltInMasks.rules(countersAreNoise: countersAreNoise), facts: LineFacts(line)).key
}

/// Evaluates one changed line between fixed neighbours, with an empty history.
func verdict(_ old: String, _ new: String, rules: NoiseRules = NoiseRules()) -> NoiseVerdict {
    NoiseFilter(rules: rules).evaluate(
        previous: ["Acme Analytics", old, "Contact sales"],
        current: ["Acme Analytics", new, "Contact sales"],
        history: VersionHistory()
    )
}

/// A pair of lines that differ.
struct LinePair: CustomTestStringConvertible, Sendable {
    let old: String
    let new: String

    init(_ old: String, _ new: String) {
        self.old = old
        self.new = new
    }

    var testDescription: String { "\"\(old)\" → \"\(new)\"" }
}


/// Asserts that the pair is noise under exactly `rule`, and that nothing meaningful is left.
func expectNoise(_ pair: LinePair, rule: SuppressionRule, rules: NoiseRules = NoiseRules(), sourceLocation: SourceLocation = #_sourceLocation) {
    let result = verdict(pair.old, pair.new, rules: rules)
    #expect(result.outcome == .noiseOnly, "\(result)", sourceLocation: sourceLocation)
    #expect(result.added.isEmpty && result.removed.isEmpty, sourceLocation: sourceLocation)
    #expect(result.suppressed.map(\.rule) == [rule.rawValue], "\(result.suppressed)", sourceLocation: sourceLocation)
}

/// Asserts that the pair is reported as a real change, line for line.
func expectChange(_ pair: LinePair, rules: NoiseRules = NoiseRules(), sourceLocation: SourceLocation = #_sourceLocation) {
    let result = verdict(pair.old, pair.new, rules: rules)
    #expect(result.outcome == .changed, "\(result)", sourceLocation: sourceLocation)
    #expect(result.added == [pair.new], sourceLocation: sourceLocation)
    #expect(result.removed == [pair.old], sourceLocation: sourceLocation)
}

/// SplitMix64: a seeded generator so random tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
