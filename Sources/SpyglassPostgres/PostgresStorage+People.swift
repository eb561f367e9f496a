import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// The dashboard's lookups before a tenant is known, each through its SECURITY DEFINER function
/// (`0011_dashboard_people.sql`), with no tenant set.
extension PostgresStorage {
    public func userCount() async throws -> Int {
        try await pool.withoutTenant { connection in
            try await connection.query("SELECT user_count() AS n", logger: connection.logger)
                .mapAll { try $0.int("n") }.first ?? 0
        }
    }

    public func firstTenant() async throws -> Tenant? {
        try await pool.withoutTenant { connection in
            try await connection.query("SELECT * FROM first_tenant()", logger: connection.logger)
                .mapAll(PostgresRowMapping.tenant).first
        }
    }

    public func insertFirstUser(_ user: User) async throws -> Bool {
        try await pool.withoutTenant { connection in
            try await connection.query(
                """
                SELECT insert_first_user(\(user.id.rawValue), \(user.tenantID.rawValue), \(text: user.email),
                    \(user.passwordHash), \(user.role.rawValue), \(user.createdAt)) AS inserted
                """, logger: connection.logger
            ).mapAll { try $0.bool("inserted") }.first ?? false
        }
    }

    public func user(email: String) async throws -> User? {
        try await pool.withoutTenant { connection in
            try await connection.query("SELECT * FROM user_by_email(\(text: email))", logger: connection.logger)
                .mapAll(PostgresRowMapping.user).first
        }
    }

    public func session(id: String) async throws -> WebSession? {
        try await pool.withoutTenant { connection in
            try await connection.query("SELECT * FROM session_by_id(\(id))", logger: connection.logger)
                .mapAll(PostgresRowMapping.session).first
        }
    }

    public func invite(tokenHash: String) async throws -> Invite? {
        try await pool.withoutTenant { connection in
            try await connection.query("SELECT * FROM invite_by_token_hash(\(tokenHash))", logger: connection.logger)
                .mapAll(PostgresRowMapping.invite).first
        }
    }
}
