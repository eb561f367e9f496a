import Foundation
import Logging
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// Forgets the ids of events an idempotent consumer handled long ago, so
/// `processed_events` does not grow for ever. A redelivery comes within hours
/// (a broker or consumer restart, a retry queue's delay); after `retention` an
/// event id is no longer worth remembering. Deletes in bounded batches, so a
/// large backlog never holds a long transaction; every process may run it.
public struct ProcessedEventsPruner: Service {
    public static let defaultRetention: Duration = .seconds(30 * 86_400)
    static let batch = 5_000

    let storage: any Storage
    let clock: any WallClock
    let retention: Duration
    let tick: Duration
    let logger: Logger

    public init(
        storage: any Storage, clock: any WallClock = SystemWallClock(),
        retention: Duration = ProcessedEventsPruner.defaultRetention, tick: Duration = .seconds(3_600), logger: Logger
    ) {
        self.storage = storage
        self.clock = clock
        self.retention = retention
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: tick, logger: logger, failure: "pruning handled event ids failed") {
            _ = try await prune()
        }
    }

    /// One pass: batches until one comes back short; returns how many ids went.
    public func prune() async throws -> Int {
        let cutoff = clock.now().addingTimeInterval(-retention.seconds)
        var total = 0
        while true {
            let pruned = try await storage.pruneProcessedEvents(before: cutoff, limit: Self.batch)
            total += pruned
            if pruned < Self.batch || Task.isCancelled { break }
        }
        if total > 0 { logger.info("pruned handled event ids", metadata: ["count": "\(total)"]) }
        return total
    }
}
