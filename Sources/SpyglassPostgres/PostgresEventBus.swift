import Foundation
import PostgresNIO
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// The event bus in PostgreSQL, the twin of the embedded one: an append-only
/// `events` table (rows of their tenant) and one read position per consumer in
/// `event_consumers`, advanced only after its handler succeeded or the event was
/// parked (at least once; see `EventLogConsumer`). Consumers read every tenant's
/// events through the schema's `events_after`. Checks append to the same table in
/// their own transaction: the log is the outbox too (`PostgresEventBus+Outbox`).
///
/// Consumers wake when an event is appended in this process and — while `run()`
/// runs, as a service of the executable — in another one (`NOTIFY spyglass_events`).
public final class PostgresEventBus: EventBus, Service {
    let pool: PostgresPool
    private let wakeupChannel: CrossProcessWakeups

    /// The `NOTIFY` channel other processes listen on.
    public static let notificationChannel = "spyglass_events"
    /// The transaction lock every append takes (an arbitrary constant: "SPYGLASS").
    static let appendLock: Int64 = 0x5350_5947_4C41_5353

    public init(pool: PostgresPool) {
        self.pool = pool
        self.wakeupChannel = CrossProcessWakeups(channel: Self.notificationChannel, pool: pool, local: pool.eventWrites)
    }

    /// Listens for other processes' events until cancelled or shut down gracefully.
    public func run() async {
        await wakeupChannel.run()
    }

    public func publish(_ event: DomainEvent) async throws {
        let appended = try await pool.withTenant(Tenant.ID(trusted: event.tenantID)) { connection in
            try await PostgresEventRows.append([event], connection: connection)
        }
        if appended { wakeupChannel.wakeLocally() }
    }

    func wakeupStream() -> AsyncStream<Void> {
        wakeupChannel.stream()
    }

    public func consume(
        as consumer: String, pattern: String, policy: ConsumerPolicy,
        handler: @escaping @Sendable (DomainEvent) async throws -> Void
    ) async throws {
        // Taken before the first read, so an append during it still wakes this consumer.
        let wakeups = wakeupStream()
        let reader = EventLogConsumer(log: PostgresConsumerLog(pool: pool, consumer: consumer), policy: policy)
        try await reader.run(pattern: pattern, wakeups: wakeups, handler: handler)
    }

    public func parked(consumer: String?) async throws -> [ParkedEvent] {
        try await pool.withoutTenant { connection in
            try await PostgresEventRows.parked(consumer: consumer, replayOnly: false, connection: connection)
        }
    }

    public func replay(parkedID: String) async throws -> Bool {
        let marked = try await pool.withoutTenant { connection in
            let marked = try await connection.query(
                "SELECT request_parked_replay(\(parkedID)) AS marked", logger: connection.logger
            ).mapAll { try $0.bool("marked") }.first ?? false
            // The consumer, in whichever process, hands replays over at its next wakeup.
            if marked { try await wakeupChannel.notify(in: connection) }
            return marked
        }
        if marked { wakeupChannel.wakeLocally() }
        return marked
    }
}
