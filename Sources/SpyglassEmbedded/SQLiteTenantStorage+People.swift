import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// The workspace, its people, their sessions and invitations, and its API keys.
extension SQLiteTenantStorage {
    func workspace() async throws -> Tenant? {
        try await one("SELECT * FROM tenants WHERE id = ?", [tenant], map: RowMapping.tenant)
    }

    func renameWorkspace(_ name: String) async throws -> Bool {
        try await touched("UPDATE tenants SET name = ? WHERE id = ?", [.text(name), tenant])
    }

    func users() async throws -> [User] {
        let rows = try await database.read { session in
            try await session.query("SELECT * FROM users WHERE tenant_id = ? ORDER BY id", [tenant])
        }
        return try rows.map(RowMapping.user)
    }

    func user(_ id: User.ID) async throws -> User? {
        try await one("SELECT * FROM users WHERE tenant_id = ? AND id = ?", [tenant, .id(id)], map: RowMapping.user)
    }

    func insertUser(_ user: User) async throws {
        guard user.tenantID == tenantID else { throw StorageError(.conflict, "user \(user.id) belongs to another tenant") }
        try await database.write { session in try await Self.insertUser(user, session: session) }
    }

    /// An address already taken (in any workspace) is a conflict, as PostgreSQL's unique index reports it.
    static func insertUser(_ user: User, session: SQLSession) async throws {
        let taken = try await session.query("SELECT 1 AS x FROM users WHERE email = ?", [.text(user.email)])
        guard taken.isEmpty else { throw StorageError(.conflict, "the e-mail address is taken") }
        try await session.execute(
            "INSERT INTO users (id, tenant_id, email, password_hash, role, created_at) VALUES (?,?,?,?,?,?)",
            [.id(user.id), .id(user.tenantID), .text(user.email), .text(user.passwordHash), .text(user.role.rawValue),
             .date(user.createdAt)])
    }

    func updateUserRole(_ id: User.ID, role: WorkspaceRole) async throws -> Bool {
        try await touched("UPDATE users SET role = ? WHERE tenant_id = ? AND id = ?", [.text(role.rawValue), tenant, .id(id)])
    }

    func updateUserPassword(_ id: User.ID, passwordHash: String) async throws -> Bool {
        try await touched(
            "UPDATE users SET password_hash = ? WHERE tenant_id = ? AND id = ?", [.text(passwordHash), tenant, .id(id)])
    }

    func deleteUser(_ id: User.ID) async throws -> Bool {
        try await touched("DELETE FROM users WHERE tenant_id = ? AND id = ?", [tenant, .id(id)])
    }

    func insertSession(_ s: WebSession) async throws {
        guard s.tenantID == tenantID else { throw StorageError(.conflict, "the session belongs to another tenant") }
        let tenant = self.tenant
        try await database.write { session in
            // The person must be this tenant's: a session can never sign in to another workspace.
            let owner = try await session.query(
                "SELECT 1 AS x FROM users WHERE tenant_id = ? AND id = ?", [tenant, .id(s.userID)])
            guard !owner.isEmpty else { throw StorageError(.conflict, "user \(s.userID) is not in this workspace") }
            try await session.execute(
                """
                INSERT INTO sessions (id, tenant_id, user_id, csrf_token, created_at, expires_at, revoked_at)
                VALUES (?,?,?,?,?,?,?)
                """,
                [.text(s.id), tenant, .id(s.userID), .text(s.csrfToken), .date(s.createdAt), .date(s.expiresAt),
                 .optionalDate(s.revokedAt)])
        }
    }

    func revokeSession(id: String, at now: Date) async throws -> Bool {
        try await touched(
            "UPDATE sessions SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL",
            [.date(now), tenant, .text(id)])
    }

    func insertInvite(_ invite: Invite) async throws {
        guard invite.tenantID == tenantID else { throw StorageError(.conflict, "the invitation belongs to another tenant") }
        try await insert(
            """
            INSERT INTO invites (id, tenant_id, email, role, token_hash, created_at, expires_at, accepted_at)
            VALUES (?,?,?,?,?,?,?,?)
            """,
            [.id(invite.id), tenant, .text(invite.email), .text(invite.role.rawValue), .text(invite.tokenHash),
             .date(invite.createdAt), .date(invite.expiresAt), .optionalDate(invite.acceptedAt)])
    }

    func openInvites() async throws -> [Invite] {
        let rows = try await database.read { session in
            try await session.query(
                "SELECT * FROM invites WHERE tenant_id = ? AND accepted_at IS NULL ORDER BY id DESC", [tenant])
        }
        return try rows.map(RowMapping.invite)
    }

    func deleteInvite(_ id: Invite.ID) async throws -> Bool {
        try await touched("DELETE FROM invites WHERE tenant_id = ? AND id = ?", [tenant, .id(id)])
    }

    func acceptInvite(_ id: Invite.ID, user: User, at now: Date) async throws -> Bool {
        guard user.tenantID == tenantID else { throw StorageError(.conflict, "user \(user.id) belongs to another tenant") }
        let tenant = self.tenant
        return try await database.write { session in
            try await session.execute(
                "UPDATE invites SET accepted_at = ? WHERE tenant_id = ? AND id = ? AND accepted_at IS NULL AND expires_at > ?",
                [.date(now), tenant, .id(id), .date(now)])
            guard try await session.changes() > 0 else { return false }
            try await Self.insertUser(user, session: session)
            return true
        }
    }

    func insertAPIKey(_ key: APIKey) async throws {
        guard key.tenantID == tenantID else { throw StorageError(.conflict, "key \(key.id) belongs to another tenant") }
        try await insert(
            """
            INSERT INTO api_keys (id, tenant_id, name, role, display_prefix, secret_hash, created_at)
            VALUES (?,?,?,?,?,?,?)
            """,
            [.id(key.id), tenant, .text(key.name), .text(key.role.rawValue), .text(key.displayPrefix),
             .text(key.secretHash), .date(key.createdAt)])
    }

    func apiKeys() async throws -> [APIKey] {
        let rows = try await database.read { session in
            try await session.query("SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY id", [tenant])
        }
        return try rows.map(RowMapping.apiKey)
    }

    func deleteAPIKey(_ id: APIKey.ID) async throws -> Bool {
        try await touched("DELETE FROM api_keys WHERE tenant_id = ? AND id = ?", [tenant, .id(id)])
    }
}
