/// The consuming side of an event bus kept as an ordered log with one read
/// position per consumer (the embedded and the PostgreSQL buses): events are
/// handed over in order, and the position moves past an event only after its
/// handler succeeded, so delivery is at least once and a failing event is
/// retried after `retryDelay` without being skipped.
public struct EventLogConsumer: Sendable {
    /// The consumer's position: the sequence number of the last event it finished.
    public var position: @Sendable () async throws -> Int
    /// Up to a batch of events after a position, in order, with their sequence numbers.
    public var events: @Sendable (_ after: Int) async throws -> [(sequence: Int, event: DomainEvent)]
    public var savePosition: @Sendable (Int) async throws -> Void
    public var retryDelay: Duration

    public init(
        position: @escaping @Sendable () async throws -> Int,
        events: @escaping @Sendable (_ after: Int) async throws -> [(sequence: Int, event: DomainEvent)],
        savePosition: @escaping @Sendable (Int) async throws -> Void, retryDelay: Duration
    ) {
        self.position = position
        self.events = events
        self.savePosition = savePosition
        self.retryDelay = retryDelay
    }

    /// Hands every event matching `pattern` to `handler` until cancelled, waking on `wakeups`.
    public func run(
        pattern: String, wakeups: AsyncStream<Void>, handler: @Sendable (DomainEvent) async throws -> Void
    ) async throws {
        var iterator = wakeups.makeAsyncIterator()
        while !Task.isCancelled {
            guard try await drain(pattern: pattern, handler: handler) else {
                try await Task.sleep(for: retryDelay)
                continue
            }
            guard await iterator.next() != nil else { return }
        }
    }

    /// Every pending event; false when a handler failed (the position stays on that event).
    private func drain(pattern: String, handler: @Sendable (DomainEvent) async throws -> Void) async throws -> Bool {
        while !Task.isCancelled {
            let batch = try await events(try await position())
            if batch.isEmpty { return true }
            for (sequence, event) in batch {
                if TopicPattern.matches(pattern: pattern, routingKey: event.type) {
                    do {
                        try await handler(event)
                    } catch {
                        return false
                    }
                }
                try await savePosition(sequence)
            }
        }
        return true
    }
}
