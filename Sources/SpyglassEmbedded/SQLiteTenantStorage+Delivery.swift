import Foundation
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// Alert channels and deliveries.
extension SQLiteTenantStorage {
    func insertChannel(_ c: AlertChannel) async throws {
        try await insert(
            """
            INSERT INTO channels (id, tenant_id, kind, name, url, secret, enabled, routing, digest, last_digest_at,
                created_at, updated_at)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
            """,
            [.id(c.id), tenant, .text(c.kind.rawValue), .text(c.name), .text(c.url), .text(c.secret), .bool(c.enabled),
             .routing(c.routing), .optionalText(c.digest?.rawValue), .optionalDate(c.lastDigestAt), .date(c.createdAt),
             .date(c.updatedAt)])
    }

    func channel(_ id: AlertChannel.ID) async throws -> AlertChannel? {
        try await one("SELECT * FROM channels WHERE tenant_id = ? AND id = ?", [tenant, .id(id)], map: RowMapping.channel)
    }

    func channels(page: PageRequest) async throws -> Page<AlertChannel> {
        try await list(
            "SELECT * FROM channels WHERE tenant_id = ?", [tenant], page: page, descending: false,
            map: RowMapping.channel, key: { $0.id.rawValue })
    }

    func updateChannel(_ c: AlertChannel) async throws -> Bool {
        try await touched(
            """
            UPDATE channels SET name = ?, url = ?, enabled = ?, routing = ?, digest = ?, last_digest_at = ?, updated_at = ?
            WHERE tenant_id = ? AND id = ?
            """,
            [.text(c.name), .text(c.url), .bool(c.enabled), .routing(c.routing), .optionalText(c.digest?.rawValue),
             .optionalDate(c.lastDigestAt), .date(c.updatedAt), tenant, .id(c.id)])
    }

    func deleteChannel(_ id: AlertChannel.ID) async throws -> Bool {
        try await touched("DELETE FROM channels WHERE tenant_id = ? AND id = ?", [tenant, .id(id)])
    }

    func insertDelivery(_ delivery: Delivery, job: Job) async throws {
        try await database.write { session in
            try await Self.insertDelivery(delivery, session: session)
            try await SQLiteJobQueue.insert(job, session: session)
        }
    }

    static func insertDelivery(_ d: Delivery, session: SQLSession) async throws {
        try await session.execute(
            """
            INSERT INTO deliveries (id, tenant_id, channel_id, change_id, event_id, event_type, status, attempts,
                last_error, last_status_code, next_attempt_at, created_at, updated_at)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """,
            [.id(d.id), .id(d.tenantID), .id(d.channelID), .optionalID(d.changeID), .text(d.eventID),
             .text(d.eventType.rawValue), .text(d.status.rawValue), .integer(d.attempts), .optionalText(d.lastError),
             .optionalInteger(d.lastStatusCode), .optionalDate(d.nextAttemptAt), .date(d.createdAt),
             .date(d.updatedAt)])
    }

    func delivery(_ id: Delivery.ID) async throws -> Delivery? {
        try await one(
            "SELECT * FROM deliveries WHERE tenant_id = ? AND id = ?", [tenant, .id(id)], map: RowMapping.delivery)
    }

    func deliveries(filter: DeliveryFilter, page: PageRequest) async throws -> Page<Delivery> {
        var sql = "SELECT * FROM deliveries WHERE tenant_id = ?"
        var binds = [tenant]
        if let channelID = filter.channelID {
            sql += " AND channel_id = ?"
            binds.append(.id(channelID))
        }
        if let changeID = filter.changeID {
            sql += " AND change_id = ?"
            binds.append(.id(changeID))
        }
        if let status = filter.status {
            sql += " AND status = ?"
            binds.append(.text(status.rawValue))
        }
        return try await list(sql, binds, page: page, descending: true, map: RowMapping.delivery, key: { $0.id.rawValue })
    }

    func deliveryAttempts(_ id: Delivery.ID) async throws -> [DeliveryAttempt] {
        let tenant = self.tenant
        let rows = try await database.read { session in
            try await session.query(
                """
                SELECT a.* FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
                WHERE d.tenant_id = ? AND a.delivery_id = ? ORDER BY a.number
                """, [tenant, .id(id)])
        }
        return try rows.map(RowMapping.deliveryAttempt)
    }

    func recordDeliveryAttempt(_ attempt: DeliveryAttempt, delivery d: Delivery, retry: Job?) async throws {
        let tenant = self.tenant
        try await database.write { session in
            try await session.execute(
                """
                INSERT INTO delivery_attempts (delivery_id, number, attempted_at, status_code, error, duration_ms)
                VALUES (?,?,?,?,?,?)
                """,
                [.id(attempt.deliveryID), .integer(attempt.number), .date(attempt.attemptedAt),
                 .optionalInteger(attempt.statusCode), .optionalText(attempt.error),
                 .integer(attempt.durationMilliseconds)])
            try await session.execute(
                """
                UPDATE deliveries SET status = ?, attempts = ?, last_error = ?, last_status_code = ?,
                    next_attempt_at = ?, updated_at = ?
                WHERE tenant_id = ? AND id = ?
                """,
                [.text(d.status.rawValue), .integer(d.attempts), .optionalText(d.lastError),
                 .optionalInteger(d.lastStatusCode), .optionalDate(d.nextAttemptAt), .date(d.updatedAt), tenant,
                 .id(d.id)])
            if let retry {
                try await SQLiteJobQueue.insert(retry, session: session)
            }
        }
    }
}
