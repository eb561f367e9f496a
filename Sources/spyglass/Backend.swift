import Foundation
import Logging
import ServiceLifecycle
import SpyglassEmbedded
import SpyglassPorts
import SpyglassPostgres

/// The storage, job queue and event bus a command runs on: the embedded SQLite
/// file by default, PostgreSQL (as the application role, under row-level
/// security) when `SPYGLASS_DATABASE_URL` is set.
struct Backend {
    var storage: any Storage
    var queue: any JobQueue
    var bus: any EventBus
    /// Services that belong in the service group (cross-process wake-ups of the queue and the bus).
    var services: [any Service]
    /// What must run for the adapters to work at all (the connection pool).
    private var pool: PostgresPool?
    private var embedded: EmbeddedDatabase?

    var description: String

    static func open(dataDir: String, logger: Logger) async throws -> Backend {
        let clock = SystemWallClock()
        guard let text = Environment.string("SPYGLASS_DATABASE_URL") else {
            let database = try await openDatabase(dataDir)
            return Backend(
                storage: SQLiteStorage(database: database, clock: clock),
                queue: SQLiteJobQueue(database: database, clock: clock),
                bus: SQLiteEventBus(database: database), services: [], pool: nil, embedded: database,
                description: "SQLite in \(dataDir)")
        }
        let url: PostgresURL
        do {
            url = try PostgresURL(text)
        } catch {
            throw CLIError("SPYGLASS_DATABASE_URL: \(error)")
        }
        let pool = PostgresPool(url: url, logger: logger)
        let queue = PostgresJobQueue(pool: pool, clock: clock)
        let bus = PostgresEventBus(pool: pool)
        return Backend(
            storage: PostgresStorage(pool: pool, clock: clock), queue: queue,
            bus: bus, services: [queue, bus], pool: pool, embedded: nil,
            description: "PostgreSQL at \(url)")
    }

    /// Runs `body` while the connection pool (if any) runs, then closes everything.
    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        guard let pool else {
            do {
                let result = try await body()
                await embedded?.close()
                return result
            } catch {
                await embedded?.close()
                throw error
            }
        }
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await pool.run() }
            defer { tasks.cancelAll() }
            return try await body()
        }
    }
}
