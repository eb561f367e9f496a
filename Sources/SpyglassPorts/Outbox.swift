/// The transactional outbox: events written in the same database transaction as
/// the state change they announce, in commit order, waiting for a relay to hand
/// them to a message broker. The relay marks a position only after the broker
/// confirmed everything up to it, so an event is published at least once and a
/// relay that dies between publishing and marking publishes it again (consumers
/// are idempotent by event id).
public protocol Outbox: Sendable {
    /// Up to `limit` events written after `position`, oldest first, with their positions.
    func pending(after position: Int, limit: Int) async throws -> [(position: Int, event: DomainEvent)]
    /// The position of the last event the broker confirmed (0 before the first).
    func relayedPosition() async throws -> Int
    func markRelayed(through position: Int) async throws
    /// Yields when events may have been written (in this process, and in others where the adapter can tell).
    func writes() -> AsyncStream<Void>
}

extension Outbox {
    /// The name the relay's position is kept under in log-backed adapters, beside the consumers' positions.
    public static var relayConsumerName: String { "outbox-relay" }
}
