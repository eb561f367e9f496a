import Logging
import ServiceLifecycle
import SpyglassPorts
import Synchronization

/// Moves the database's outbox onto the broker: reads events written after the relayed
/// position, publishes them with confirms, and marks the position only as far as every event
/// up to it was confirmed. A publish that fails (the broker nacked it, or the connection
/// dropped before its confirm) stops the mark there; the relay tries again from that event,
/// so an unconfirmed event is re-sent, never skipped. A relay killed between publishing and
/// marking publishes the batch again on start: at least once, and consumers drop duplicates
/// by event id.
///
/// Events of one subject are published one after another, in outbox order; different subjects
/// go out concurrently (up to a batch), so the order that matters — per aggregate — is kept
/// without publishing one event per round trip.
public final class OutboxRelay: Service {
    let outbox: any Outbox
    let bus: any EventBus
    let batchSize: Int
    let pollInterval: Duration
    let logger: Logger
    private let counters = Mutex(Counters())

    public struct Counters: Sendable, Equatable {
        /// Events confirmed by the broker (a re-sent event counts each time).
        public var published = 0
        /// Publishes that failed and will be re-sent.
        public var failed = 0
    }

    public init(outbox: any Outbox, bus: any EventBus, batchSize: Int = 100, pollInterval: Duration = .seconds(1),
                logger: Logger) {
        self.outbox = outbox
        self.bus = bus
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public var counts: Counters { counters.withLock { $0 } }

    /// Relays until cancelled or shut down gracefully: on every write the outbox reports, and
    /// at least every `pollInterval` (writes from other processes, retries after a failure).
    public func run() async {
        let (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let outbox = self.outbox
        let pollInterval = self.pollInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in outbox.writes() { signal.yield() }
            }
            group.addTask {
                while !Task.isCancelled {
                    signal.yield()
                    try? await Task.sleep(for: pollInterval)
                }
            }
            group.addTask {
                await withGracefulShutdownHandler {
                    for await _ in signals {
                        await self.drain()
                    }
                } onGracefulShutdown: {
                    signal.finish()
                }
            }
            // The relay loop ends on shutdown; the signal sources end with it.
            await group.next()
            group.cancelAll()
        }
    }

    /// Relays batches until the outbox is empty or a publish failed.
    func drain() async {
        while !Task.isCancelled {
            do {
                guard try await relayBatch() else { return }
            } catch {
                logger.warning("outbox relay pass failed", metadata: ["error": "\(error)"])
                return
            }
        }
    }

    /// One pass over one batch (what `run` repeats): true when the batch was full and all
    /// confirmed, so there may be more.
    public func relayBatch() async throws -> Bool {
        let from = try await outbox.relayedPosition()
        let batch = try await outbox.pending(after: from, limit: batchSize)
        guard !batch.isEmpty else { return false }
        let confirmed = await publish(batch)
        counters.withLock {
            $0.published += confirmed.count
            $0.failed += batch.count - confirmed.count
        }
        // The mark moves over the unbroken run of confirmed events from the start of the batch.
        var through = from
        for (position, _) in batch {
            guard confirmed.contains(position) else { break }
            through = position
        }
        if through > from { try await outbox.markRelayed(through: through) }
        return confirmed.count == batch.count && batch.count == batchSize
    }

    /// Publishes a batch, each subject's events in order; returns the confirmed positions.
    private func publish(_ batch: [(position: Int, event: DomainEvent)]) async -> Set<Int> {
        var chains: [String: [(position: Int, event: DomainEvent)]] = [:]
        var order: [String] = []
        for item in batch {
            let key = item.event.tenantID + "/" + item.event.subjectID
            if chains[key] == nil { order.append(key) }
            chains[key, default: []].append(item)
        }
        let bus = self.bus
        let logger = self.logger
        return await withTaskGroup(of: [Int].self) { group in
            for key in order {
                let chain = chains[key] ?? []
                group.addTask {
                    var confirmed: [Int] = []
                    for (position, event) in chain {
                        do {
                            try await bus.publish(event)
                            confirmed.append(position)
                        } catch {
                            // Later events of this subject wait for this one (their order matters).
                            logger.warning("outbox event not confirmed; it will be sent again", metadata: [
                                "event": "\(event.id)", "error": "\(error)",
                            ])
                            break
                        }
                    }
                    return confirmed
                }
            }
            var all = Set<Int>()
            for await confirmed in group { all.formUnion(confirmed) }
            return all
        }
    }
}
