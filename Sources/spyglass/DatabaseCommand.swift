import ArgumentParser
import Foundation
import Logging
import SpyglassPostgres

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Prepare a PostgreSQL cluster for Spyglass.", subcommands: [Bootstrap.self])

    struct Bootstrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the database, its schemas and its least-privilege roles (idempotent).",
            discussion: """
                Creates <database>_owner (owns the schema, runs migrations) and <database>_app (what \
                serve connects as: NOBYPASSRLS, owns nothing). Passwords come from SPYGLASS_OWNER_PASSWORD \
                and SPYGLASS_APP_PASSWORD, or are generated for new roles; an existing role keeps its \
                password unless one is given. Prints the connection strings to use; logs no password.
                """)

        @Option(help: "A superuser URL, e.g. postgres://postgres@127.0.0.1:5432/postgres (env SPYGLASS_ADMIN_URL).")
        var adminURL: String?

        @Option(help: "The database to create (default spyglass); the roles are named after it.")
        var database: String = "spyglass"

        func run() async throws {
            guard let text = adminURL ?? Environment.string("SPYGLASS_ADMIN_URL") else {
                throw CLIError("give the superuser URL with --admin-url or SPYGLASS_ADMIN_URL")
            }
            let admin: PostgresURL
            do {
                admin = try PostgresURL(text)
            } catch {
                throw CLIError("--admin-url: \(error)")
            }
            var logger = Logger(label: "spyglass.db")
            logger.logLevel = .error
            let bootstrap: DatabaseBootstrap
            do {
                bootstrap = try DatabaseBootstrap(
                    adminURL: admin, database: database,
                    ownerPassword: Environment.string("SPYGLASS_OWNER_PASSWORD"),
                    appPassword: Environment.string("SPYGLASS_APP_PASSWORD"), logger: logger)
            } catch {
                throw CLIError("--database: \(error)")
            }
            let result: DatabaseBootstrap.Result
            do {
                result = try await bootstrap.run()
            } catch {
                throw CLIError("bootstrap of \(database) on \(admin.host):\(admin.port) failed: \(describePostgresError(error))")
            }
            for role in [bootstrap.ownerRole, bootstrap.appRole] {
                Console.line("role \(role): \(result.createdRoles.contains(role) ? "created" : "exists, updated")")
            }
            Console.line("""

                Run migrations as the owner, and Spyglass as the application role:

                    SPYGLASS_MIGRATE_URL=\(Self.shown(result.ownerURL))
                    SPYGLASS_DATABASE_URL=\(Self.shown(result.appURL))
                """)
        }

        /// The full connection string when this run set the password; a placeholder otherwise.
        static func shown(_ url: PostgresURL) -> String {
            guard url.password != nil else {
                return url.with(username: url.username, password: "PASSWORD-UNCHANGED").connectionString
            }
            return url.connectionString
        }
    }
}
