import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// Everything one tenant owns. Every operation is one transaction in the
/// tenant's context (row-level security), and every statement still says
/// `tenant_id = …`: defence in depth, and the indexes lead with it.
struct PostgresTenantStorage: TenantStorage {
    let pool: PostgresPool
    let tenantID: Tenant.ID

    /// The tenant id as it is bound.
    var tenant: String { tenantID.rawValue }

    /// One page of `query` (which ends in its WHERE clause), keyset-paginated over ids.
    func list<T: Sendable>(
        _ query: PostgresQuery, page: PageRequest, descending: Bool,
        map: (PostgresRandomAccessRow) throws -> T, key: (T) -> String
    ) async throws -> Page<T> {
        var paged = query
        paged.page(page, descending: descending)
        let rows = try await run(paged, map: map)
        return Page(overfetched: rows, limit: page.limit, key: key)
    }

    func one<T: Sendable>(_ query: PostgresQuery, map: (PostgresRandomAccessRow) throws -> T) async throws -> T? {
        try await run(query, map: map).first
    }

    func run<T: Sendable>(_ query: PostgresQuery, map: (PostgresRandomAccessRow) throws -> T) async throws -> [T] {
        try await pool.withTenant(tenantID) { connection in
            try await connection.query(query, logger: connection.logger).mapAll(map)
        }
    }

    /// Runs an UPDATE or DELETE and reports whether it touched a row (counted with `RETURNING`).
    func touched(_ query: PostgresQuery) async throws -> Bool {
        var returning = query
        returning.sql += " RETURNING 1"
        return try await !run(returning, map: { _ in true }).isEmpty
    }

    func insert(_ query: PostgresQuery) async throws {
        try await pool.withTenant(tenantID) { connection in
            _ = try await connection.query(query, logger: connection.logger)
        }
    }
}
