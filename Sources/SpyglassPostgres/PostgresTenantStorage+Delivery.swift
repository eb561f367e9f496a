import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// Alert channels and deliveries.
extension PostgresTenantStorage {
    func insertChannel(_ c: AlertChannel) async throws {
        try await insert(
            """
            INSERT INTO channels (id, tenant_id, kind, name, url, secret, enabled, routing, digest, last_digest_at,
                created_at, updated_at)
            VALUES (\(c.id.rawValue), \(tenant), \(c.kind.rawValue), \(text: c.name), \(text: c.url), \(text: c.secret),
                \(c.enabled), \(Stored.json(c.routing)), \(c.digest?.rawValue), \(c.lastDigestAt), \(c.createdAt),
                \(c.updatedAt))
            """)
    }

    func channel(_ id: AlertChannel.ID) async throws -> AlertChannel? {
        try await one(
            "SELECT * FROM channels WHERE tenant_id = \(tenant) AND id = \(id.rawValue)",
            map: PostgresRowMapping.channel)
    }

    func channels(page: PageRequest) async throws -> Page<AlertChannel> {
        try await list(
            "SELECT * FROM channels WHERE tenant_id = \(tenant)", page: page, descending: false,
            map: PostgresRowMapping.channel, key: { $0.id.rawValue })
    }

    func updateChannel(_ c: AlertChannel) async throws -> Bool {
        try await touched(
            """
            UPDATE channels SET name = \(text: c.name), url = \(text: c.url), enabled = \(c.enabled),
                routing = \(Stored.json(c.routing)), digest = \(c.digest?.rawValue), last_digest_at = \(c.lastDigestAt),
                updated_at = \(c.updatedAt)
            WHERE tenant_id = \(tenant) AND id = \(c.id.rawValue)
            """)
    }

    func deleteChannel(_ id: AlertChannel.ID) async throws -> Bool {
        try await touched("DELETE FROM channels WHERE tenant_id = \(tenant) AND id = \(id.rawValue)")
    }

    func insertDelivery(_ delivery: Delivery, job: Job) async throws {
        let tenant = self.tenant
        try await pool.withTenant(tenantID) { connection in
            try await Self.insertDelivery(delivery, tenant: tenant, connection: connection)
            try await PostgresJobRows.insertRequired(job, connection: connection)
        }
    }

    /// Inside the caller's transaction (a check inserts its deliveries with its change).
    static func insertDelivery(_ d: Delivery, tenant: String, connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO deliveries (id, tenant_id, channel_id, change_id, event_id, event_type, status, attempts,
                last_error, last_http_status, next_attempt_at, created_at, updated_at)
            VALUES (\(d.id.rawValue), \(tenant), \(d.channelID.rawValue), \(d.changeID?.rawValue),
                \(text: d.eventID), \(d.eventType.rawValue), \(d.status.rawValue), \(d.attempts), \(text: d.lastError),
                \(d.lastStatusCode), \(d.nextAttemptAt), \(d.createdAt), \(d.updatedAt))
            """, logger: connection.logger)
    }

    func delivery(_ id: Delivery.ID) async throws -> Delivery? {
        try await one(
            "SELECT * FROM deliveries WHERE tenant_id = \(tenant) AND id = \(id.rawValue)",
            map: PostgresRowMapping.delivery)
    }

    func deliveries(filter: DeliveryFilter, page: PageRequest) async throws -> Page<Delivery> {
        var query: PostgresQuery = "SELECT * FROM deliveries WHERE tenant_id = \(tenant)"
        if let channelID = filter.channelID {
            query.and("channel_id", "=", channelID.rawValue)
        }
        if let changeID = filter.changeID {
            query.and("change_id", "=", changeID.rawValue)
        }
        if let status = filter.status {
            query.and("status", "=", status.rawValue)
        }
        return try await list(
            query, page: page, descending: true, map: PostgresRowMapping.delivery, key: { $0.id.rawValue })
    }

    func deliveryAttempts(_ id: Delivery.ID) async throws -> [DeliveryAttempt] {
        try await run(
            """
            SELECT * FROM delivery_attempts WHERE tenant_id = \(tenant) AND delivery_id = \(id.rawValue)
            ORDER BY number
            """, map: PostgresRowMapping.deliveryAttempt)
    }

    func recordDeliveryAttempt(_ attempt: DeliveryAttempt, delivery d: Delivery, retry: Job?) async throws {
        let tenant = self.tenant
        try await pool.withTenant(tenantID) { connection in
            let logger = connection.logger
            try await connection.query(
                """
                INSERT INTO delivery_attempts (tenant_id, delivery_id, number, attempted_at, status_code, error,
                    duration_ms)
                VALUES (\(tenant), \(attempt.deliveryID.rawValue), \(attempt.number), \(attempt.attemptedAt),
                    \(attempt.statusCode), \(text: attempt.error), \(attempt.durationMilliseconds))
                """, logger: logger)
            try await connection.query(
                """
                UPDATE deliveries SET status = \(d.status.rawValue), attempts = \(d.attempts),
                    last_error = \(text: d.lastError), last_http_status = \(d.lastStatusCode),
                    next_attempt_at = \(d.nextAttemptAt), updated_at = \(d.updatedAt)
                WHERE tenant_id = \(tenant) AND id = \(d.id.rawValue)
                """, logger: logger)
            if let retry {
                try await PostgresJobRows.insertRequired(retry, connection: connection)
            }
        }
    }
}
