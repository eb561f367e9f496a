/// What `NoiseFilter.evaluate` decided about two versions of a page.
///
/// Invariant: `outcome` is `.changed` or `.reverted` exactly when `added` or `removed` is non-empty.
public struct NoiseVerdict: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable {
        /// Meaningful lines were added or removed (and a trigger fired, if the monitor has any).
        case changed
        /// Lines differ, but every difference is noise; see `suppressed`.
        case noiseOnly = "noise_only"
        /// The lines are identical after collapsing whitespace.
        case unchanged
        /// The page, masked, equals a recent version other than the previous one.
        case reverted
    }

    public var outcome: Outcome
    /// Meaningful inserted lines, as given, in page order.
    public var added: [String]
    /// Meaningful deleted lines, as given, in page order.
    public var removed: [String]
    /// Every difference judged noise, with the rule that decided it.
    public var suppressed: [SuppressedDifference]
    /// Descriptions of the triggers that fired (see `Trigger.description`).
    public var triggered: [String]

    public init(
        outcome: Outcome,
        added: [String] = [],
        removed: [String] = [],
        suppressed: [SuppressedDifference] = [],
        triggered: [String] = []
    ) {
        self.outcome = outcome
        self.added = added
        self.removed = removed
        self.suppressed = suppressed
        self.triggered = triggered
    }
}

/// Lines that differ between the versions but were judged noise.
public struct SuppressedDifference: Sendable, Equatable, Codable {
    /// Lines of the previous version, as given.
    public var removed: [String]
    /// Lines of the current version, as given.
    public var added: [String]
    /// A `SuppressionRule` raw value; several joined by "," when one line pair differs in tokens
    /// of several masking rules (e.g. "date_time,counter").
    public var rule: String
    public var reason: String

    public init(removed: [String], added: [String], rule: String, reason: String) {
        self.removed = removed
        self.added = added
        self.rule = rule
        self.reason = reason
    }
}
