import Foundation

/// One consumer's state in an event bus kept as an ordered log (the embedded and
/// the PostgreSQL buses): a read position, the failures counted against the
/// event at that position, and the events it parked.
public protocol ConsumerLog: Sendable {
    /// The sequence number of the last event the consumer finished (0 before the first).
    func position() async throws -> Int
    /// Up to a batch of events after `position`, in order, with their sequence numbers.
    func events(after position: Int) async throws -> [(sequence: Int, event: DomainEvent)]
    /// Moves the position past `sequence` and forgets the failures counted for it.
    func advance(past sequence: Int) async throws
    /// The failures counted for the event at `sequence` (none when the count is of another event).
    func failures(at sequence: Int) async throws -> [String]
    /// Keeps the failures of the event at `sequence`, so a restarted consumer goes on counting.
    func recordFailures(_ history: [String], at sequence: Int) async throws
    /// Parks the event and moves the position past it, in one step.
    func park(_ event: DomainEvent, at sequence: Int, attempts: Int, reason: String, history: [String]) async throws
    /// The consumer's parked events an operator asked to replay, oldest first.
    func replays() async throws -> [ParkedEvent]
    /// A replayed event was handled: its parking record goes.
    func settleReplay(_ parked: ParkedEvent) async throws
    /// A replayed event failed again: it stays parked with the new state, no longer marked for replay.
    func failReplay(_ parked: ParkedEvent, attempts: Int, reason: String, history: [String]) async throws
}

/// The consuming side of a log-backed event bus: events are handed over in order,
/// and the position moves past an event only after its handler succeeded or it
/// was parked, so delivery is at least once and nothing is skipped silently.
///
/// A failing event holds the position (later events wait: order is kept) and is
/// tried again after each of the policy's delays; after the last attempt it is
/// parked with its failures. An event of a version outside the policy is parked
/// untried. Replays the operator asked for are handed over first at every wakeup.
/// Failures of the log itself (the database) end `run` with the error.
public struct EventLogConsumer: Sendable {
    public var log: any ConsumerLog
    public var policy: ConsumerPolicy

    public init(log: any ConsumerLog, policy: ConsumerPolicy) {
        self.log = log
        self.policy = policy
    }

    /// Hands every event matching `pattern` to `handler` until cancelled, waking on `wakeups`.
    public func run(
        pattern: String, wakeups: AsyncStream<Void>, handler: @Sendable (DomainEvent) async throws -> Void
    ) async throws {
        var iterator = wakeups.makeAsyncIterator()
        do {
            while !Task.isCancelled {
                try await replay(handler: handler)
                try await drain(pattern: pattern, handler: handler)
                guard await iterator.next() != nil else { return }
            }
        } catch where Task.isCancelled {
            // Stopping (a retry's wait, or a handler, was interrupted): the position stays where it was.
        }
    }

    /// The reason an event of an unknown version is parked with.
    public static func unsupported(_ event: DomainEvent) -> String {
        "unsupported version \(event.version) of \(event.type)"
    }

    /// A failure as one bounded line of history.
    public static func line(_ error: any Error) -> String {
        let text = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.count > 500 ? String(text.prefix(500)) + "…" : text
    }

    private func replay(handler: @Sendable (DomainEvent) async throws -> Void) async throws {
        for parked in try await log.replays() {
            guard policy.versions.contains(parked.event.version) else {
                let reason = Self.unsupported(parked.event)
                try await log.failReplay(parked, attempts: parked.attempts, reason: reason, history: parked.history + [reason])
                continue
            }
            do {
                try await handler(parked.event)
            } catch {
                try Task.checkCancellation()
                let reason = Self.line(error)
                try await log.failReplay(
                    parked, attempts: parked.attempts + 1, reason: reason, history: parked.history + [reason])
                continue
            }
            try await log.settleReplay(parked)
        }
    }

    /// Every pending event, each handled, parked or (not matching) passed over.
    private func drain(pattern: String, handler: @Sendable (DomainEvent) async throws -> Void) async throws {
        while !Task.isCancelled {
            let batch = try await log.events(after: try await log.position())
            if batch.isEmpty { return }
            for (sequence, event) in batch {
                try Task.checkCancellation()
                if !TopicPattern.matches(pattern: pattern, routingKey: event.type) {
                    try await log.advance(past: sequence)
                } else if !policy.versions.contains(event.version) {
                    let reason = Self.unsupported(event)
                    try await log.park(event, at: sequence, attempts: 0, reason: reason, history: [reason])
                } else {
                    try await deliver(event, at: sequence, handler: handler)
                }
            }
        }
    }

    /// Tries the event until it succeeds or its attempts are spent, waiting the policy's delays in between.
    private func deliver(
        _ event: DomainEvent, at sequence: Int, handler: @Sendable (DomainEvent) async throws -> Void
    ) async throws {
        // Failures counted before a restart still count.
        var history = try await log.failures(at: sequence)
        while history.count < policy.maxAttempts {
            do {
                try await handler(event)
            } catch {
                try Task.checkCancellation()
                history.append(Self.line(error))
                guard history.count < policy.maxAttempts else { break }
                try await log.recordFailures(history, at: sequence)
                try await Task.sleep(for: policy.retryDelays[history.count - 1])
                continue
            }
            try await log.advance(past: sequence)
            return
        }
        try await log.park(
            event, at: sequence, attempts: history.count, reason: history.last ?? "no attempts allowed",
            history: history)
    }
}

extension ParkedEvent {
    /// A new parking record id (`pkd_` and 32 hex digits).
    public static func newID() -> String {
        "pkd_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
