import Foundation

/// Where one migration stands: in the files, in the database, or both.
public struct MigrationStatus: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// Applied, and the file still has the checksum recorded then.
        case applied
        /// In the files, not yet applied.
        case pending
        /// Applied, but the file has changed since (`recordedChecksum` is what was applied).
        case changed(recordedChecksum: String)
        /// Recorded in the database, but no file defines it.
        case unknown
    }

    public var version: Int
    public var name: String
    public var state: State
    /// When it was applied; nil while pending.
    public var appliedAt: Date?
    /// How long applying it took; nil while pending.
    public var duration: Duration?

    public init(version: Int, name: String, state: State, appliedAt: Date? = nil, duration: Duration? = nil) {
        self.version = version
        self.name = name
        self.state = state
        self.appliedAt = appliedAt
        self.duration = duration
    }
}
