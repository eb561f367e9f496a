/// Why a migration run stopped. `Code` is a struct so that new codes never
/// break callers that switch over the ones they know.
public struct MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// An applied migration's file changed since it was applied.
        public static let checksumMismatch = Code("checksum_mismatch")
        /// The database records a version that no file defines.
        public static let unknownAppliedVersion = Code("unknown_applied_version")
        /// A statement could not get its lock, `maxLockRetries` times over.
        public static let lockTimeout = Code("lock_timeout")
        /// A statement failed on the server.
        public static let statementFailed = Code("statement_failed")
        /// The settings cannot be used (e.g. a history table name that is not a plain identifier).
        public static let invalidSettings = Code("invalid_settings")
        /// Talking to the database failed outside any migration statement
        /// (connecting, the advisory lock, the history table).
        public static let database = Code("database")
    }

    public var code: Code
    /// One line, fit to show a user; names the file, line and the server's message where known.
    public var message: String
    /// The migration file concerned, if any.
    public var file: String?
    /// 1-based line of the failing statement in `file`, if any.
    public var line: Int?
    /// The server's SQLSTATE, if the server reported the error.
    public var sqlState: String?

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.sqlState = sqlState
    }

    public var description: String { "\(code): \(message)" }
}
