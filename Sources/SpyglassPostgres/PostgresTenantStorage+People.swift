import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// The workspace, its people, their sessions and invitations, and its API keys.
extension PostgresTenantStorage {
    func workspace() async throws -> Tenant? {
        try await one("SELECT * FROM tenants WHERE id = \(tenant)", map: PostgresRowMapping.tenant)
    }

    func renameWorkspace(_ name: String) async throws -> Bool {
        try await touched("UPDATE tenants SET name = \(text: name) WHERE id = \(tenant)")
    }

    func users() async throws -> [User] {
        try await run("SELECT * FROM users WHERE tenant_id = \(tenant) ORDER BY id", map: PostgresRowMapping.user)
    }

    func user(_ id: User.ID) async throws -> User? {
        try await one("SELECT * FROM users WHERE tenant_id = \(tenant) AND id = \(id.rawValue)", map: PostgresRowMapping.user)
    }

    func insertUser(_ user: User) async throws {
        guard user.tenantID == tenantID else { throw StorageError(.conflict, "user \(user.id) belongs to another tenant") }
        try await insert(Self.insertUserQuery(user, tenant: tenant))
    }

    /// The store's own tenant id, not the record's: row-level security refuses any other.
    static func insertUserQuery(_ user: User, tenant: String) -> PostgresQuery {
        """
        INSERT INTO users (id, tenant_id, email, password_hash, role, created_at)
        VALUES (\(user.id.rawValue), \(tenant), \(text: user.email), \(user.passwordHash), \(user.role.rawValue),
            \(user.createdAt))
        """
    }

    func updateUserRole(_ id: User.ID, role: WorkspaceRole) async throws -> Bool {
        try await touched(
            "UPDATE users SET role = \(role.rawValue) WHERE tenant_id = \(tenant) AND id = \(id.rawValue)")
    }

    func updateUserPassword(_ id: User.ID, passwordHash: String) async throws -> Bool {
        try await touched(
            "UPDATE users SET password_hash = \(passwordHash) WHERE tenant_id = \(tenant) AND id = \(id.rawValue)")
    }

    func deleteUser(_ id: User.ID) async throws -> Bool {
        try await touched("DELETE FROM users WHERE tenant_id = \(tenant) AND id = \(id.rawValue)")
    }

    func insertSession(_ s: WebSession) async throws {
        try await insert(
            """
            INSERT INTO sessions (id, tenant_id, user_id, csrf_token, created_at, expires_at, revoked_at)
            VALUES (\(s.id), \(tenant), \(s.userID.rawValue), \(s.csrfToken), \(s.createdAt), \(s.expiresAt),
                \(s.revokedAt))
            """)
    }

    func revokeSession(id: String, at now: Date) async throws -> Bool {
        try await touched(
            "UPDATE sessions SET revoked_at = \(now) WHERE tenant_id = \(tenant) AND id = \(id) AND revoked_at IS NULL")
    }

    func insertInvite(_ invite: Invite) async throws {
        try await insert(
            """
            INSERT INTO invites (id, tenant_id, email, role, token_hash, created_at, expires_at, accepted_at)
            VALUES (\(invite.id.rawValue), \(tenant), \(text: invite.email), \(invite.role.rawValue),
                \(invite.tokenHash), \(invite.createdAt), \(invite.expiresAt), \(invite.acceptedAt))
            """)
    }

    func openInvites() async throws -> [Invite] {
        try await run(
            "SELECT * FROM invites WHERE tenant_id = \(tenant) AND accepted_at IS NULL ORDER BY id DESC",
            map: PostgresRowMapping.invite)
    }

    func deleteInvite(_ id: Invite.ID) async throws -> Bool {
        try await touched("DELETE FROM invites WHERE tenant_id = \(tenant) AND id = \(id.rawValue)")
    }

    func acceptInvite(_ id: Invite.ID, user: User, at now: Date) async throws -> Bool {
        guard user.tenantID == tenantID else { throw StorageError(.conflict, "user \(user.id) belongs to another tenant") }
        let tenant = self.tenant
        return try await pool.withTenant(tenantID) { connection in
            let accepted = try await connection.query(
                """
                UPDATE invites SET accepted_at = \(now)
                WHERE tenant_id = \(tenant) AND id = \(id.rawValue) AND accepted_at IS NULL AND expires_at > \(now)
                RETURNING 1 AS x
                """, logger: connection.logger
            ).mapAll { _ in true }
            guard !accepted.isEmpty else { return false }
            try await connection.query(Self.insertUserQuery(user, tenant: tenant), logger: connection.logger)
            return true
        }
    }

    func insertAPIKey(_ key: APIKey) async throws {
        try await insert(
            """
            INSERT INTO api_keys (id, tenant_id, name, role, display_prefix, secret_hash, created_at)
            VALUES (\(key.id.rawValue), \(tenant), \(text: key.name), \(key.role.rawValue), \(text: key.displayPrefix),
                \(key.secretHash), \(key.createdAt))
            """)
    }

    func apiKeys() async throws -> [APIKey] {
        try await run("SELECT * FROM api_keys WHERE tenant_id = \(tenant) ORDER BY id", map: PostgresRowMapping.apiKey)
    }

    func deleteAPIKey(_ id: APIKey.ID) async throws -> Bool {
        try await touched("DELETE FROM api_keys WHERE tenant_id = \(tenant) AND id = \(id.rawValue)")
    }
}
