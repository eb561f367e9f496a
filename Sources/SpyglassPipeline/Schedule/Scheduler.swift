import Foundation
import Logging
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// Enqueues a check for every monitor that is due. The next check time gets
/// jitter (up to 10% of the interval, at most 5 minutes) so monitors created
/// together do not hit their sites together forever.
public struct Scheduler: Service {
    let storage: any Storage
    let queue: any JobQueue
    let clock: any WallClock
    let tick: Duration
    let batchSize: Int
    let logger: Logger

    public init(
        storage: any Storage, queue: any JobQueue, clock: any WallClock = SystemWallClock(), tick: Duration = .seconds(1),
        batchSize: Int = 100, logger: Logger
    ) {
        self.storage = storage
        self.queue = queue
        self.clock = clock
        self.tick = tick
        self.batchSize = batchSize
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: tick, logger: logger, failure: "scheduling failed") { _ = try await enqueueDueChecks() }
    }

    /// One pass; returns how many checks were queued.
    public func enqueueDueChecks() async throws -> Int {
        let now = clock.now()
        let due = try await storage.claimDueMonitors(now: now, limit: batchSize) { monitor in
            now.addingTimeInterval(Double(monitor.intervalSeconds) + Self.jitter(intervalSeconds: monitor.intervalSeconds))
        }
        for monitor in due {
            _ = try await queue.enqueue(Self.checkJob(for: monitor, now: now))
        }
        return due.count
    }

    public static func checkJob(for monitor: Monitor, now: Date) -> Job {
        .new(
            tenantID: monitor.tenantID, kind: .check, subjectID: monitor.id.rawValue, runAt: now, maxAttempts: 3,
            dedupeKey: "check:\(monitor.id.rawValue)", now: now)
    }

    static func jitter(intervalSeconds: Int) -> Double {
        let spread = min(Double(intervalSeconds) * 0.1, 300)
        return spread > 0 ? Double.random(in: 0...spread) : 0
    }
}
