/// Why a back-fill stopped. `Code` is a struct so that new codes never break
/// callers that switch over the ones they know.
public struct BackfillError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The back-fill or settings cannot be used (bad identifier, batch size, update statement).
        public static let invalidBackfill = Code("invalid_backfill")
        /// A batch could not get its locks, `maxLockRetries` times over.
        public static let lockTimeout = Code("lock_timeout")
        /// A statement of a batch failed on the server.
        public static let batchFailed = Code("batch_failed")
        /// A key cannot be used as a range bound (e.g. a text key equal to '').
        public static let unsupportedKey = Code("unsupported_key")
        /// Talking to the database failed outside a batch (connecting, the progress table).
        public static let database = Code("database")
    }

    public var code: Code
    /// One line, fit to show a user.
    public var message: String
    /// The server's SQLSTATE, if the server reported the error.
    public var sqlState: String?

    public init(_ code: Code, _ message: String, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { "\(code): \(message)" }
}
