import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// The storage port on the embedded SQLite database.
public struct SQLiteStorage: Storage {
    let database: EmbeddedDatabase
    let clock: any WallClock

    public init(database: EmbeddedDatabase, clock: any WallClock = SystemWallClock()) {
        self.database = database
        self.clock = clock
    }

    public func createTenant(name: String, ownerKey: NewAPIKey) async throws -> Tenant {
        let now = clock.now()
        let tenant = Tenant(id: .generate(at: now), name: name, createdAt: now)
        try await database.write { session in
            try await session.execute(
                "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)",
                [.id(tenant.id), .text(name), .date(now)])
            try await session.execute(
                """
                INSERT INTO api_keys (id, tenant_id, name, role, display_prefix, secret_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [.id(APIKey.ID.generate(at: now)), .id(tenant.id), .text(ownerKey.name), .text(ownerKey.role.rawValue),
                 .text(ownerKey.displayPrefix), .text(ownerKey.secretHash), .date(now)])
        }
        return tenant
    }

    public func tenantCount() async throws -> Int {
        try await database.read { session in
            try await session.query("SELECT COUNT(*) AS n FROM tenants").first?.int("n") ?? 0
        }
    }

    public func apiKey(secretHash: String) async throws -> APIKey? {
        try await database.read { session in
            try await session.query("SELECT * FROM api_keys WHERE secret_hash = ?", [.text(secretHash)])
                .first.map(RowMapping.apiKey)
        }
    }

    public func claimDueMonitors(
        now: Date, limit: Int, nextCheck: @Sendable (Monitor) -> Date
    ) async throws -> [Monitor] {
        try await database.write { session in
            let due = try await session.query(
                "SELECT * FROM monitors WHERE enabled = 1 AND next_check_at <= ? ORDER BY next_check_at LIMIT ?",
                [.date(now), .integer(limit)]
            ).map(RowMapping.monitor)
            for monitor in due {
                try await session.execute(
                    "UPDATE monitors SET next_check_at = ? WHERE id = ?", [.date(nextCheck(monitor)), .id(monitor.id)])
            }
            return due
        }
    }

    public func dueDigestChannels(now: Date, limit: Int) async throws -> [AlertChannel] {
        let rows = try await database.read { session in
            try await session.query(
                """
                SELECT * FROM channels WHERE kind = 'email' AND enabled = 1 AND digest IS NOT NULL
                AND COALESCE(last_digest_at, created_at) + (CASE digest WHEN 'weekly' THEN 604800 ELSE 86400 END) <= ?
                ORDER BY id LIMIT ?
                """, [.date(now), .integer(limit)])
        }
        return try rows.map(RowMapping.channel)
    }

    public func pruneProcessedEvents(before cutoff: Date, limit: Int) async throws -> Int {
        try await database.write { session in
            try await session.execute(
                """
                DELETE FROM processed_events WHERE rowid IN
                (SELECT rowid FROM processed_events WHERE processed_at < ? ORDER BY processed_at LIMIT ?)
                """, [.date(cutoff), .integer(max(0, limit))])
            return try await session.changes()
        }
    }

    public func scoped(to tenant: Tenant.ID) -> any TenantStorage {
        SQLiteTenantStorage(database: database, tenantID: tenant)
    }
}

/// Every statement here carries `tenant_id = ?`: the embedded twin of the
/// row-level security the PostgreSQL adapter gets from the database.
struct SQLiteTenantStorage: TenantStorage {
    let database: EmbeddedDatabase
    let tenantID: Tenant.ID

    var tenant: SQLiteData { .id(tenantID) }

    func list<T>(
        _ sql: String, _ binds: [SQLiteData], page: PageRequest, descending: Bool,
        map: @escaping @Sendable (SQLiteRow) throws -> T, key: @escaping (T) -> String
    ) async throws -> Page<T> {
        let (keyset, keysetBinds) = Keyset.clause(page, descending: descending)
        let order = descending ? "DESC" : "ASC"
        let rows = try await database.read { session in
            try await session.query(
                "\(sql)\(keyset) ORDER BY id \(order) LIMIT ?", binds + keysetBinds + [.integer(page.limit + 1)])
        }
        return Page(overfetched: try rows.map(map), limit: page.limit, key: key)
    }

    func one<T>(_ sql: String, _ binds: [SQLiteData], map: (SQLiteRow) throws -> T) async throws -> T? {
        let rows = try await database.read { session in try await session.query(sql, binds) }
        return try rows.first.map(map)
    }

    /// Runs a write and reports whether it touched a row.
    func touched(_ sql: String, _ binds: [SQLiteData]) async throws -> Bool {
        try await database.write { session in
            try await session.execute(sql, binds)
            return try await session.changes() > 0
        }
    }

    func insert(_ sql: String, _ binds: [SQLiteData]) async throws {
        try await database.write { session in try await session.execute(sql, binds) }
    }
}
