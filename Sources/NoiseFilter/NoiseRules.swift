/// Per-monitor noise settings. Decodes from partial JSON: absent keys take the defaults.
public struct NoiseRules: Sendable, Hashable, Codable {
    /// Regular expressions longer than this are rejected: a cheap bound on compile and match cost.
    public static let maxPatternLength = 500

    /// A line containing any of these (case-insensitive, literal text) is ignored.
    public var ignoreText: [String]
    /// A line in which any of these regular expressions (ICU syntax, as written: add `(?i)` for
    /// case-insensitivity) finds a match is ignored.
    public var ignorePatterns: [String]
    /// When non-empty, a change alerts only if at least one trigger fires.
    public var triggers: [Trigger]
    /// Mask counters such as "12,345 customers". Turn off where counts are the signal.
    public var countersAreNoise: Bool
    /// Apply the built-in volatile-content rules (dates, relative times, copyright years,
    /// counters, tokens, cache busters, ad and consent lines).
    public var builtInRules: Bool

    public init(
        ignoreText: [String] = [],
        ignorePatterns: [String] = [],
        triggers: [Trigger] = [],
        countersAreNoise: Bool = true,
        builtInRules: Bool = true
    ) {
        self.ignoreText = ignoreText
        self.ignorePatterns = ignorePatterns
        self.triggers = triggers
        self.countersAreNoise = countersAreNoise
        self.builtInRules = builtInRules
    }

    private enum CodingKeys: String, CodingKey {
        case ignoreText, ignorePatterns, triggers, countersAreNoise, builtInRules
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ignoreText = try container.decodeIfPresent([String].self, forKey: .ignoreText) ?? []
        ignorePatterns = try container.decodeIfPresent([String].self, forKey: .ignorePatterns) ?? []
        triggers = try container.decodeIfPresent([Trigger].self, forKey: .triggers) ?? []
        countersAreNoise = try container.decodeIfPresent(Bool.self, forKey: .countersAreNoise) ?? true
        builtInRules = try container.decodeIfPresent(Bool.self, forKey: .builtInRules) ?? true
    }
}
