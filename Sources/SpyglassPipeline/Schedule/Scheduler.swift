import Foundation
import Logging
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts
import Synchronization

/// Enqueues a check for every monitor that is due. The next check time gets
/// jitter (up to 10% of the interval, at most 5 minutes) so monitors created
/// together do not hit their sites together forever. With many processes, only
/// the holder of the scheduler's leader lock enqueues; one that loses it stops
/// at once (it checks before every pass and again before each enqueue once the
/// lease is half used).
public struct Scheduler: Service {
    /// Who may schedule: the lock, this process's name in it, and the lease.
    public struct Leadership: Sendable {
        public var lock: any LeaderLock
        public var owner: String
        public var ttl: Duration
        public static let lockName = "scheduler"

        public init(lock: any LeaderLock, owner: String, ttl: Duration = .seconds(10)) {
            self.lock = lock
            self.owner = owner
            self.ttl = ttl
        }
    }

    let storage: any Storage
    let queue: any JobQueue
    let clock: any WallClock
    let tick: Duration
    let batchSize: Int
    let leadership: Leadership?
    let logger: Logger

    public init(
        storage: any Storage, queue: any JobQueue, clock: any WallClock = SystemWallClock(), tick: Duration = .seconds(1),
        batchSize: Int = 100, leadership: Leadership? = nil, logger: Logger
    ) {
        self.storage = storage
        self.queue = queue
        self.clock = clock
        self.tick = tick
        self.batchSize = batchSize
        self.leadership = leadership
        self.logger = logger
    }

    public func run() async throws {
        let state = LeadershipLog(logger: logger)
        await runPeriodically(every: tick, logger: logger, failure: "scheduling failed") {
            _ = try await enqueueDueChecks(log: state)
        }
        if let leadership {
            try? await leadership.lock.release(name: Leadership.lockName, owner: leadership.owner)
        }
    }

    /// One pass; returns how many checks were queued (0 when another process leads).
    public func enqueueDueChecks() async throws -> Int {
        try await enqueueDueChecks(log: nil)
    }

    func enqueueDueChecks(log: LeadershipLog?) async throws -> Int {
        var leaseStart = ContinuousClock.now
        if let leadership {
            let token = try await leadership.lock.acquireOrRenew(
                name: Leadership.lockName, owner: leadership.owner, ttl: leadership.ttl)
            log?.note(token: token)
            guard token != nil else { return 0 }
        }
        let now = clock.now()
        let due = try await storage.claimDueMonitors(now: now, limit: batchSize) { monitor in
            now.addingTimeInterval(Double(monitor.intervalSeconds) + Self.jitter(intervalSeconds: monitor.intervalSeconds))
        }
        var queued = 0
        for monitor in due {
            if let leadership, ContinuousClock.now - leaseStart > leadership.ttl / 2 {
                let token = try await leadership.lock.acquireOrRenew(
                    name: Leadership.lockName, owner: leadership.owner, ttl: leadership.ttl)
                log?.note(token: token)
                guard token != nil else { break }
                leaseStart = ContinuousClock.now
            }
            _ = try await queue.enqueue(Self.checkJob(for: monitor, now: now))
            queued += 1
        }
        return queued
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

/// Logs leadership changes once, not every tick.
final class LeadershipLog: Sendable {
    private let current = Mutex<UInt64?>(nil)
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func note(token: UInt64?) {
        let previous = current.withLock { value in
            defer { value = token }
            return value
        }
        guard previous != token else { return }
        if let token {
            logger.info("leading the scheduler", metadata: ["fencing_token": "\(token)"])
        } else if previous != nil {
            logger.warning("lost the scheduler's leadership; not enqueueing")
        }
    }
}
