import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// The dashboard's lookups before a tenant is known: setup, sign-in, session cookies, invitation links.
extension SQLiteStorage {
    public func userCount() async throws -> Int {
        try await database.read { session in
            try await session.query("SELECT COUNT(*) AS n FROM users").first?.int("n") ?? 0
        }
    }

    public func firstTenant() async throws -> Tenant? {
        try await database.read { session in
            try await session.query("SELECT * FROM tenants ORDER BY created_at, id LIMIT 1").first.map(RowMapping.tenant)
        }
    }

    /// The check and the insert share one write transaction: two setups at once make one owner.
    public func insertFirstUser(_ user: User) async throws -> Bool {
        try await database.write { session in
            let count = try await session.query("SELECT COUNT(*) AS n FROM users").first?.int("n") ?? 0
            guard count == 0 else { return false }
            try await SQLiteTenantStorage.insertUser(user, session: session)
            return true
        }
    }

    public func user(email: String) async throws -> User? {
        try await database.read { session in
            try await session.query("SELECT * FROM users WHERE email = ?", [.text(email)]).first.map(RowMapping.user)
        }
    }

    public func session(id: String) async throws -> WebSession? {
        try await database.read { session in
            try await session.query("SELECT * FROM sessions WHERE id = ?", [.text(id)]).first.map(RowMapping.session)
        }
    }

    public func invite(tokenHash: String) async throws -> Invite? {
        try await database.read { session in
            try await session.query("SELECT * FROM invites WHERE token_hash = ?", [.text(tokenHash)])
                .first.map(RowMapping.invite)
        }
    }
}
