import Foundation
import Logging
import NIOCore
import SQLiteNIO
import SpyglassPorts
import Synchronization

/// The single SQLite database of the embedded mode: storage, job queue and event
/// log all live in it, so one transaction can span them.
public final class EmbeddedDatabase: Sendable {
    let connection: SQLiteConnection
    private let lock = AsyncSerialLock()
    private let closed = Atomic<Bool>(false)
    /// Rings when events were appended to the log (by the bus, or by a check's transaction).
    let eventWrites = WakeupBroadcaster()

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating if needed) the database file inside `directory` and brings
    /// its schema up to date.
    public static func open(directory: String, logger: Logger) async throws -> EmbeddedDatabase {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.unavailable, "cannot create data directory \(directory): \(error.localizedDescription)")
        }
        let path = (directory as NSString).appendingPathComponent("spyglass.sqlite")
        return try await open(storage: .file(path: path), logger: logger)
    }

    /// An in-memory database, for tests.
    public static func inMemory(logger: Logger = Logger(label: "spyglass.sqlite")) async throws -> EmbeddedDatabase {
        try await open(storage: .memory, logger: logger)
    }

    private static func open(storage: SQLiteConnection.Storage, logger: Logger) async throws -> EmbeddedDatabase {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw StorageError(.unavailable, "cannot open the database: \(error)")
        }
        let database = EmbeddedDatabase(connection: connection)
        // WAL keeps readers and the writer apart and survives a crash; the
        // busy timeout covers a second process (a CLI command) touching the file.
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON",
                       "PRAGMA busy_timeout = 5000"] {
            _ = try await connection.query(pragma)
        }
        try await EmbeddedSchema.migrate(database)
        return database
    }

    public func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try? await connection.close()
    }

    /// A database dropped without `close()` (a test, an aborted start) still
    /// closes its connection; the close holds the connection until it is done.
    deinit {
        if !closed.exchange(true, ordering: .acquiringAndReleasing) {
            _ = connection.close() as EventLoopFuture<Void>
        }
    }

    /// Runs `body` alone on the connection, without a transaction.
    func read<T: Sendable>(_ body: (SQLSession) async throws -> T) async throws -> T {
        try await lock.withLock {
            try await body(SQLSession(connection: connection))
        }
    }

    /// Runs `body` in one write transaction, rolled back if it throws.
    func write<T: Sendable>(_ body: (SQLSession) async throws -> T) async throws -> T {
        try await lock.withLock {
            let session = SQLSession(connection: connection)
            try await session.execute("BEGIN IMMEDIATE")
            do {
                let result = try await body(session)
                try await session.execute("COMMIT")
                return result
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }
}

/// Statements on the connection while the database lock is held.
///
/// Every statement runs even when the calling task is cancelled: SQLite's async
/// API drops a cancelled task's queued statement, which could leave a transaction
/// open on the one connection (its ROLLBACK dropped too) and fail every later write.
struct SQLSession: Sendable {
    let connection: SQLiteConnection

    func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        let rows: EventLoopFuture<[SQLiteRow]> = connection.query(sql, binds)
        return try await rows.get()
    }

    func execute(_ sql: String, _ binds: [SQLiteData] = []) async throws {
        _ = try await query(sql, binds)
    }

    /// Rows changed by the last statement.
    func changes() async throws -> Int {
        let rows = try await query("SELECT changes() AS n")
        return rows.first?.column("n")?.integer ?? 0
    }
}
