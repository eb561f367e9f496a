import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// The storage port on PostgreSQL. Tenant data is reached only through
/// `scoped(to:)` (row-level security in the tenant's context); the few
/// cross-tenant paths call the schema's SECURITY DEFINER functions, with no tenant set.
public struct PostgresStorage: Storage {
    let pool: PostgresPool
    let clock: any WallClock

    public init(pool: PostgresPool, clock: any WallClock = SystemWallClock()) {
        self.pool = pool
        self.clock = clock
    }

    public func createTenant(name: String, ownerKey: NewAPIKey) async throws -> Tenant {
        let now = clock.now()
        let tenant = Tenant(id: .generate(at: now), name: name, createdAt: now)
        let keyID = APIKey.ID.generate(at: now)
        // In the new tenant's own context: the tenants policy lets a tenant insert itself.
        try await pool.withTenant(tenant.id) { connection in
            try await connection.query(
                "INSERT INTO tenants (id, name, created_at) VALUES (\(tenant.id.rawValue), \(text: name), \(now))",
                logger: connection.logger)
            try await connection.query(
                """
                INSERT INTO api_keys (id, tenant_id, name, role, display_prefix, secret_hash, created_at)
                VALUES (\(keyID.rawValue), \(tenant.id.rawValue), \(text: ownerKey.name), \(ownerKey.role.rawValue),
                    \(text: ownerKey.displayPrefix), \(ownerKey.secretHash), \(now))
                """, logger: connection.logger)
        }
        return tenant
    }

    public func tenantCount() async throws -> Int {
        try await pool.withoutTenant { connection in
            try await connection.query("SELECT tenant_count() AS n", logger: connection.logger)
                .mapAll { try $0.int("n") }.first ?? 0
        }
    }

    public func apiKey(secretHash: String) async throws -> APIKey? {
        try await pool.withoutTenant { connection in
            try await connection.query("SELECT * FROM api_key_by_secret_hash(\(secretHash))", logger: connection.logger)
                .mapAll(PostgresRowMapping.apiKey).first
        }
    }

    /// One transaction: the claimed rows stay locked (FOR UPDATE SKIP LOCKED)
    /// until they are rescheduled and committed, so two schedulers never take the same monitor.
    public func claimDueMonitors(
        now: Date, limit: Int, nextCheck: @Sendable (Monitor) -> Date
    ) async throws -> [Monitor] {
        try await pool.withoutTenant { connection in
            let due = try await connection.query(
                "SELECT * FROM claim_due_monitors(\(now), \(Int32(clamping: limit)))", logger: connection.logger
            ).mapAll(PostgresRowMapping.monitor)
            for monitor in due {
                try await connection.query(
                    "SELECT reschedule_monitor(\(monitor.id.rawValue), \(nextCheck(monitor)))", logger: connection.logger)
            }
            return due
        }
    }

    public func dueDigestChannels(now: Date, limit: Int) async throws -> [AlertChannel] {
        try await pool.withoutTenant { connection in
            try await connection.query(
                "SELECT * FROM due_digest_channels(\(now), \(Int32(clamping: limit)))", logger: connection.logger
            ).mapAll(PostgresRowMapping.channel)
        }
    }

    public func pruneProcessedEvents(before cutoff: Date, limit: Int) async throws -> Int {
        try await pool.withoutTenant { connection in
            try await connection.query(
                "SELECT prune_processed_events(\(cutoff), \(Int32(clamping: max(0, limit)))) AS pruned",
                logger: connection.logger
            ).mapAll { try $0.int("pruned") }.first ?? 0
        }
    }

    public func scoped(to tenant: Tenant.ID) -> any TenantStorage {
        PostgresTenantStorage(pool: pool, tenantID: tenant)
    }
}
