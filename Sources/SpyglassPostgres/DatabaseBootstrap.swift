import Foundation
import Logging
import PostgresNIO

/// Creates, idempotently, what Spyglass needs in a PostgreSQL cluster before the
/// first migration: the database, its two schemas, and the roles
///
/// * `<database>_owner` — owns the schemas and every object in them and runs
///   migrations (and back-fills, so it may bypass row-level security);
/// * `<database>_app` — what the API, the workers and the scheduler connect as:
///   `NOBYPASSRLS`, owns nothing, may read and write rows (under row-level
///   security) and call the schema's functions, and nothing else: no DDL, no
///   access to the migration history.
///
/// Default privileges make every table and function a later migration creates
/// reachable by the application role without the migration naming any role.
public struct DatabaseBootstrap: Sendable {
    public struct Result: Sendable {
        public var ownerURL: PostgresURL
        public var appURL: PostgresURL
        /// Roles created by this run (an existing role keeps its password unless a new one was given).
        public var createdRoles: [String]
    }

    public static let schema = "spyglass"
    public static let metaSchema = "spyglass_meta"

    let adminURL: PostgresURL
    let database: String
    let ownerPassword: String?
    let appPassword: String?
    let logger: Logger

    public var ownerRole: String { database + "_owner" }
    public var appRole: String { database + "_app" }

    public init(
        adminURL: PostgresURL, database: String, ownerPassword: String? = nil, appPassword: String? = nil,
        logger: Logger
    ) throws(PostgresURLError) {
        guard database.range(of: #"^[a-z_][a-z0-9_]{0,40}$"#, options: .regularExpression) != nil else {
            throw PostgresURLError("database name must be lower-case letters, digits and _ (at most 41)")
        }
        self.adminURL = adminURL
        self.database = database
        self.ownerPassword = ownerPassword
        self.appPassword = appPassword
        self.logger = logger
    }

    public func run() async throws -> Result {
        let (created, passwords) = try await Self.withClient(adminURL, logger: logger) { admin in
            var created: [String] = []
            var passwords: [String: String] = [:]
            let exists = try await admin.query(
                "SELECT 1 FROM pg_database WHERE datname = \(database)", logger: logger
            ).collect().count > 0
            if !exists {
                try await execute(admin, "SELECT format('CREATE DATABASE %I', \(database)::text)")
            }
            for (role, given, bypass) in [(ownerRole, ownerPassword, true), (appRole, appPassword, false)] {
                let roleExists = try await admin.query(
                    "SELECT 1 FROM pg_roles WHERE rolname = \(role)", logger: logger
                ).collect().count > 0
                let attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    + (bypass ? "BYPASSRLS" : "NOBYPASSRLS")
                if !roleExists {
                    let password = given ?? Self.generatePassword()
                    passwords[role] = password
                    created.append(role)
                    try await execute(
                        admin, "SELECT format('CREATE ROLE %I \(unescaped: attributes) PASSWORD %L', \(role)::text, \(password)::text)")
                } else {
                    if let given { passwords[role] = given }
                    let password = given.map { _ in " PASSWORD %L" } ?? ""
                    try await execute(
                        admin, "SELECT format('ALTER ROLE %I \(unescaped: attributes)\(unescaped: password)', \(role)::text, \(given ?? "")::text)")
                }
            }
            return (created, passwords)
        }
        try await Self.withClient(adminURL.with(database: database), logger: logger) { admin in
            for statement in grants() {
                try await execute(admin, statement)
            }
        }
        return Result(
            ownerURL: adminURL.with(database: database).with(username: ownerRole, password: passwords[ownerRole]),
            appURL: adminURL.with(database: database).with(username: appRole, password: passwords[appRole]),
            createdRoles: created)
    }

    /// Statements built by the server's own `format` (%I quotes identifiers), never by concatenation.
    private func grants() -> [PostgresQuery] {
        let o = ownerRole, a = appRole, db = database, s = Self.schema, m = Self.metaSchema
        return [
            "SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', \(db)::text)",
            "SELECT format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO %I', \(db)::text, \(o)::text)",
            "SELECT format('GRANT CONNECT ON DATABASE %I TO %I', \(db)::text, \(a)::text)",
            "SELECT 'REVOKE ALL ON SCHEMA public FROM PUBLIC'",
            "SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', \(s)::text, \(o)::text)",
            "SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', \(m)::text, \(o)::text)",
            "SELECT format('ALTER SCHEMA %I OWNER TO %I', \(s)::text, \(o)::text)",
            "SELECT format('ALTER SCHEMA %I OWNER TO %I', \(m)::text, \(o)::text)",
            "SELECT format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', \(m)::text)",
            "SELECT format('GRANT USAGE ON SCHEMA %I TO %I', \(s)::text, \(a)::text)",
            "SELECT format('ALTER ROLE %I IN DATABASE %I SET search_path = %I', \(o)::text, \(db)::text, \(s)::text)",
            "SELECT format('ALTER ROLE %I IN DATABASE %I SET search_path = %I', \(a)::text, \(db)::text, \(s)::text)",
            // Objects the migrations will create.
            "SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', \(o)::text, \(s)::text, \(a)::text)",
            "SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I', \(o)::text, \(s)::text, \(a)::text)",
            "SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC', \(o)::text)",
            "SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT EXECUTE ON FUNCTIONS TO %I', \(o)::text, \(s)::text, \(a)::text)",
            // Objects that already exist (a re-run after migrations).
            "SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', \(s)::text, \(a)::text)",
            "SELECT format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', \(s)::text, \(a)::text)",
            "SELECT format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO %I', \(s)::text, \(a)::text)",
        ]
    }

    /// Runs the statement that `builder` (a `SELECT format(…)`) returns.
    private func execute(_ connection: PostgresConnection, _ builder: PostgresQuery) async throws {
        let rows = try await connection.query(builder, logger: logger).collect()
        guard let statement = try rows.first?.decode(String.self) else { return }
        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
    }

    static func withClient<T: Sendable>(
        _ url: PostgresURL, logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await PostgresClient.withRunning(url, logger: logger) { client in
            try await client.withConnection { connection in try await body(connection) }
        }
    }

    static func generatePassword() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
