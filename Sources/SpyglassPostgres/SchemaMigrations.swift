import Foundation
import Logging
import PostgresMigrations
import PostgresNIO

/// Spyglass's own migrations: the SQL files in `Migrations/`, shipped inside the
/// binary, applied as the owner role; the history lives in `spyglass_meta`,
/// out of the application role's reach.
public enum SchemaMigrations {
    /// The folder of the versioned SQL files.
    public static var directory: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
                throw PostgresURLError("the migrations are missing from this build")
            }
            return url
        }
    }

    public static func settings(lockTimeout: Duration = .seconds(2)) -> MigrationSettings {
        MigrationSettings(
            lockTimeout: lockTimeout,
            historyTable: DatabaseBootstrap.metaSchema + ".schema_migrations",
            backfillProgressTable: DatabaseBootstrap.metaSchema + ".schema_backfills")
    }

    /// A runner over `directory` (Spyglass's files unless another folder is given).
    public static func runner(
        client: PostgresClient, logger: Logger, directory: URL? = nil, settings: MigrationSettings = settings()
    ) throws -> MigrationRunner {
        let set = try MigrationSet(directory: directory ?? self.directory)
        return try MigrationRunner(migrations: set, client: client, logger: logger, settings: settings)
    }

    /// Applies every pending migration as the owner role at `url`.
    public static func up(
        url: PostgresURL, logger: Logger, onEvent: @escaping @Sendable (MigrationEvent) -> Void = { _ in }
    ) async throws {
        try await PostgresClient.withRunning(url, logger: logger) { client in
            _ = try await runner(client: client, logger: logger).up(onEvent: onEvent)
        }
    }
}
