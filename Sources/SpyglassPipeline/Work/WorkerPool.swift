import Foundation
import Logging
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// A bounded number of workers that lease jobs and run their handlers. While a
/// job runs its lease is renewed; on graceful shutdown no new job is taken and
/// the running ones finish.
public struct WorkerPool: Service {
    public struct Configuration: Sendable {
        public var concurrency: Int
        /// How long a lease lasts without renewal: the time after which a job of
        /// a crashed process is taken again.
        public var visibilityTimeout: Duration
        /// Idle workers look for due jobs at least this often (delayed jobs have no wake-up).
        public var pollInterval: Duration
        public var retryBackoff: BackoffSchedule

        public init(
            concurrency: Int = 4, visibilityTimeout: Duration = .seconds(60), pollInterval: Duration = .milliseconds(500),
            retryBackoff: BackoffSchedule = .jobs
        ) {
            self.concurrency = max(1, concurrency)
            self.visibilityTimeout = visibilityTimeout
            self.pollInterval = pollInterval
            self.retryBackoff = retryBackoff
        }
    }

    let queue: any JobQueue
    let handlers: [Job.Kind: any JobHandler]
    let configuration: Configuration
    let owner: String
    let logger: Logger

    public init(
        queue: any JobQueue, handlers: [Job.Kind: any JobHandler], configuration: Configuration, logger: Logger
    ) {
        self.queue = queue
        self.handlers = handlers
        self.configuration = configuration
        self.owner = "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8))"
        self.logger = logger
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for index in 0..<configuration.concurrency {
                group.addTask { await self.workerLoop(index: index) }
            }
        }
    }

    private func workerLoop(index: Int) async {
        let wakeups = queue.wakeups()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if let job = try await queue.lease(owner: owner, for: configuration.visibilityTimeout) {
                    await process(job)
                    continue
                }
            } catch {
                logger.error("leasing a job failed", metadata: ["error": "\(error)"])
            }
            await Self.waitForWork(wakeups: wakeups, timeout: configuration.pollInterval)
        }
    }

    /// Returns on a wake-up signal, after `timeout`, or at shutdown, whichever is first.
    static func waitForWork(wakeups: AsyncStream<Void>, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var iterator = wakeups.makeAsyncIterator()
                _ = await iterator.next()
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask {
                try? await gracefulShutdown()
            }
            await group.next()
            group.cancelAll()
        }
    }

    func process(_ job: Job) async {
        let jobLogger = {
            var logger = self.logger
            logger[metadataKey: "job_id"] = "\(job.id)"
            logger[metadataKey: "job_kind"] = "\(job.kind.rawValue)"
            return logger
        }()
        guard let handler = handlers[job.kind] else {
            try? await queue.fail(job.id, owner: owner, error: "no handler for \(job.kind.rawValue) jobs", retryAfter: nil)
            return
        }
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                do {
                    try await handler.handle(job)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                await self.renewLease(of: job, logger: jobLogger)
                return nil
            }
            // Only the handler decides the outcome; the renewal task ends early
            // only when the lease is lost, and then the handler still finishes.
            var result: Result<Void, any Error> = .success(())
            while let next = await group.next() {
                if let next {
                    result = next
                    break
                }
            }
            group.cancelAll()
            return result
        }
        do {
            switch outcome {
            case .success:
                try await queue.complete(job.id, owner: owner)
            case .failure(let error as JobFailure):
                jobLogger.warning("job failed", metadata: ["error": "\(error.message)", "retryable": "\(error.retryable)"])
                try await queue.fail(
                    job.id, owner: owner, error: error.message,
                    retryAfter: error.retryable ? configuration.retryBackoff.delay(forAttempt: job.attempts) : nil)
            case .failure(let error):
                jobLogger.warning("job failed", metadata: ["error": "\(error)"])
                try await queue.fail(
                    job.id, owner: owner, error: "\(error)",
                    retryAfter: configuration.retryBackoff.delay(forAttempt: job.attempts))
            }
        } catch {
            // The lease will run out and the job will be taken again.
            jobLogger.error("recording the job's outcome failed", metadata: ["error": "\(error)"])
        }
    }

    /// Renews the lease at a third of the visibility timeout until cancelled.
    private func renewLease(of job: Job, logger: Logger) async {
        let period = configuration.visibilityTimeout / 3
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: period)
                if try await !queue.renewLease(job.id, owner: owner, for: configuration.visibilityTimeout) {
                    logger.warning("lost the lease of a running job")
                    return
                }
            } catch {
                return
            }
        }
    }
}
