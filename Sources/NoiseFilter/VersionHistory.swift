/// Fingerprints of the last few versions of a page, kept by the caller between checks so that
/// rotating content and reverts can be recognised. Small: a hash per version plus one per
/// distinct line (at most `maxLineHashes`), never the text.
///
/// Hashes are of *masked* lines under one monitor's rules; `rulesFingerprint` says which. Record
/// with `NoiseFilter.record(_:in:)` of the monitor's filter; a history recorded under other rules
/// is not used, and recording under new rules starts it afresh.
public struct VersionHistory: Sendable, Codable, Equatable {
    public static let defaultCapacity = 10
    /// Upper bound on `capacity`, whatever a decoded value says.
    public static let maxCapacity = 100
    /// Distinct line hashes kept per version; lines beyond are simply not remembered.
    public static let maxLineHashes = 5_000

    /// One recorded version.
    public struct Version: Sendable, Codable, Equatable {
        public var pageHash: UInt64
        /// Distinct masked-line hashes, sorted.
        public var lineHashes: [UInt64]

        public init(pageHash: UInt64, lineHashes: [UInt64]) {
            self.pageHash = pageHash
            self.lineHashes = lineHashes
        }
    }

    /// How many versions to keep (K); clamped to 1...`maxCapacity` when used.
    public var capacity: Int
    /// Oldest first. A version equal to the one before it is not recorded twice.
    public private(set) var versions: [Version]
    /// The rules the hashes were made under; nil while empty.
    public private(set) var rulesFingerprint: UInt64?

    public init(capacity: Int = VersionHistory.defaultCapacity) {
        self.capacity = capacity
        versions = []
        rulesFingerprint = nil
    }

    /// Records `lines` as the newest version under the default rules (`NoiseRules()`). For a
    /// monitor with its own rules use `NoiseFilter(rules:).record(_:in:)`.
    public mutating func record(_ lines: [String]) {
        NoiseFilter().record(lines, in: &self)
    }

    var effectiveCapacity: Int { min(max(capacity, 1), Self.maxCapacity) }

    mutating func append(_ version: Version, fingerprint: UInt64) {
        if rulesFingerprint != fingerprint {
            versions = []
            rulesFingerprint = fingerprint
        }
        if versions.last?.pageHash == version.pageHash { return }
        versions.append(version)
        if versions.count > effectiveCapacity {
            versions.removeFirst(versions.count - effectiveCapacity)
        }
    }

    /// The recent versions, or none when they were recorded under other rules.
    func usableVersions(fingerprint: UInt64) -> ArraySlice<Version> {
        guard rulesFingerprint == fingerprint else { return [] }
        return versions.suffix(effectiveCapacity)
    }
}
