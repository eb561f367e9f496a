import Foundation
import Logging
import RESP
import RedisClient
import SpyglassDomain
import SpyglassPorts
import SpyglassRedis

/// The Redis adapters against a throw-away local redis-server that scripts/bench starts: the job
/// queue's whole cycle, rate-limit decisions, and GET latency. Round trips are counted by the
/// server (`INFO commandstats`), not assumed. Prints one JSON line per benchmark.
enum RedisBench {
    /// Allows every decision, so each one takes the script's full path (read, decide, `SET`).
    /// scripts/bench's redis-benchmark ceiling replays the same arguments.
    static let ratePolicy = RateLimitPolicy(limit: 1_000_000_000, window: .seconds(3_600))
    /// Keys the rate-limit callers spread over.
    static let rateKeys = 1_000
    static let rounds = 3

    /// `redis URL [jobs] [workers]`: the benchmarks. `redis-sample URL`: one enqueue, lease,
    /// complete and rate-limit decision under the key prefix `sample`, so scripts/bench can
    /// capture the exact script calls (with `MONITOR`) and replay them with redis-benchmark.
    static func run(_ arguments: [String]) async throws {
        guard arguments.count >= 2 else {
            throw BenchError(.usage, "usage: spyglass-bench redis|redis-sample redis://HOST:PORT [jobs] [workers]")
        }
        let url = arguments[1]
        let jobs = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
        let workers = arguments.count > 3 ? Int(arguments[3]) ?? 8 : 8
        guard jobs > 0, workers > 0 else { throw BenchError(.usage, "jobs and workers must be positive") }
        try await withClient(url: url, poolSize: workers) { client in
            if arguments[0] == "redis-sample" {
                try await sample(client)
                return
            }
            try await queueBenchmark(client, jobs: jobs, workers: workers)
            try await rateLimitBenchmark(client, decisions: 2 * jobs, callers: workers)
            try await getLatencyBenchmark(client)
        }
    }

    static func withClient<T>(
        url: String, poolSize: Int, _ body: (RedisClient) async throws -> T
    ) async throws -> T {
        var configuration = try RedisConfiguration(url: url)
        configuration.poolSize = poolSize
        let client = RedisClient(configuration: configuration, logger: Logger(label: "spyglass-bench"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            do {
                let result = try await body(client)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    // MARK: Job queue

    /// Enqueue `jobs` no-op jobs with `workers` concurrent producers, then `workers` workers
    /// lease → complete until the queue is empty. Best of `rounds`, each under its own key prefix.
    static func queueBenchmark(_ client: RedisClient, jobs: Int, workers: Int) async throws {
        var best: (total: Duration, enqueue: Duration, process: Duration, calls: Int)?
        for round in 0..<rounds {
            let queue = RedisJobQueue(client: client, keyPrefix: "bench-queue-\(round)")
            let tenant = Tenant.ID.generate()
            let now = Date()
            let batch = (0..<jobs).map {
                Job.new(tenantID: tenant, kind: .check, subjectID: "noop-\($0)", runAt: now, now: now)
            }
            let callsBefore = try await scriptCalls(client)
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for producer in 0..<workers {
                    group.addTask {
                        for index in stride(from: producer, to: jobs, by: workers) { _ = try await queue.enqueue(batch[index]) }
                    }
                }
                try await group.waitForAll()
            }
            let enqueued = ContinuousClock.now
            let processed = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        var done = 0
                        while let job = try await queue.lease(owner: "worker-\(worker)", for: .seconds(300)) {
                            try await queue.complete(job.id, owner: "worker-\(worker)")
                            done += 1
                        }
                        return done
                    }
                }
                return try await group.reduce(0, +)
            }
            let end = ContinuousClock.now
            let calls = try await scriptCalls(client) - callsBefore
            guard processed == jobs else {
                throw BenchError(.incomplete, "the workers processed \(processed) of \(jobs) jobs")
            }
            let total = end - start
            if best.map({ total < $0.total }) ?? true {
                best = (total, enqueued - start, end - enqueued, calls)
            }
        }
        guard let best else { return }
        // Each worker's last lease finds the queue empty: `workers` calls beyond 3 per job.
        print(
            #"{"bench":"redis_queue_enqueue_lease_complete","jobs":\#(jobs),"workers":\#(workers),"#
                + #""jobs_per_s":\#(rate(jobs, best.total)),"enqueue_jobs_per_s":\#(rate(jobs, best.enqueue)),"#
                + #""lease_complete_jobs_per_s":\#(rate(jobs, best.process)),"#
                + #""script_calls":\#(best.calls),"script_calls_per_job":\#(format(Double(best.calls) / Double(jobs), 3))}"#)
    }

    // MARK: Rate limiter

    /// `decisions` GCRA decisions from `callers` concurrent callers over `rateKeys` keys. Best of `rounds`.
    static func rateLimitBenchmark(_ client: RedisClient, decisions: Int, callers: Int) async throws {
        var best: (elapsed: Duration, calls: Int)?
        for round in 0..<rounds {
            let limiter = RedisRateLimiter(client: client, keyPrefix: "bench-rate-\(round)")
            let callsBefore = try await scriptCalls(client)
            let start = ContinuousClock.now
            let allowed = try await withThrowingTaskGroup(of: Int.self) { group in
                for caller in 0..<callers {
                    group.addTask {
                        var allowed = 0
                        for index in stride(from: caller, to: decisions, by: callers) {
                            let decision = try await limiter.acquire(key: "k\(index % rateKeys)", policy: ratePolicy)
                            if decision.allowed { allowed += 1 }
                        }
                        return allowed
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = ContinuousClock.now - start
            let calls = try await scriptCalls(client) - callsBefore
            guard allowed == decisions else {
                throw BenchError(.incomplete, "\(decisions - allowed) of \(decisions) decisions were refusals")
            }
            if best.map({ elapsed < $0.elapsed }) ?? true { best = (elapsed, calls) }
        }
        guard let best else { return }
        print(
            #"{"bench":"redis_rate_limit_decisions","decisions":\#(decisions),"callers":\#(callers),"#
                + #""decisions_per_s":\#(rate(decisions, best.elapsed)),"script_calls":\#(best.calls),"#
                + #""script_calls_per_decision":\#(format(Double(best.calls) / Double(decisions), 3))}"#)
    }

    // MARK: GET latency

    /// One caller, no other load: a pipeline of 100 GETs (one write, 100 replies) and a single GET,
    /// timed call by call. The value is 100 bytes (redis-benchmark's `-d 100`).
    static func getLatencyBenchmark(_ client: RedisClient) async throws {
        let key = "bench-get"
        _ = try await client.send(RESPCommand("SET", key, String(repeating: "x", count: 100)))
        let batch = Array(repeating: RESPCommand("GET", key), count: 100)
        var pipelined = LatencySamples()
        for index in 0..<5_200 {
            let start = ContinuousClock.now
            let replies = try await client.pipeline(batch)
            let elapsed = ContinuousClock.now - start
            guard replies.count == batch.count, case .success(let value)? = replies.last, value.string?.utf8.count == 100
            else { throw BenchError(.unexpectedReply, "a pipelined GET answered the wrong shape") }
            if index >= 200 { pipelined.record(elapsed) }  // the first 200 warm up
        }
        var single = LatencySamples()
        for index in 0..<21_000 {
            let start = ContinuousClock.now
            let value = try await client.send(RESPCommand("GET", key))
            let elapsed = ContinuousClock.now - start
            guard value.string?.utf8.count == 100 else { throw BenchError(.unexpectedReply, "GET answered the wrong shape") }
            if index >= 1_000 { single.record(elapsed) }
        }
        print(
            #"{"bench":"redis_get_pipelined_100","batches":5000,"p50_us":\#(format(pipelined.percentile(0.5), 1)),"#
                + #""p99_us":\#(format(pipelined.percentile(0.99), 1))}"#)
        print(
            #"{"bench":"redis_get_single","calls":20000,"p50_us":\#(format(single.percentile(0.5), 1)),"#
                + #""p99_us":\#(format(single.percentile(0.99), 1))}"#)
    }

    // MARK: Sample for the redis-benchmark ceiling

    static func sample(_ client: RedisClient) async throws {
        let queue = RedisJobQueue(client: client, keyPrefix: "sample")
        let now = Date()
        let job = try await queue.enqueue(
            Job.new(tenantID: Tenant.ID.generate(), kind: .check, subjectID: "noop-0", runAt: now, now: now))
        guard let leased = try await queue.lease(owner: "worker-0", for: .seconds(300)), leased.id == job.id else {
            throw BenchError(.incomplete, "the sample job was not leased")
        }
        try await queue.complete(leased.id, owner: "worker-0")
        _ = try await RedisRateLimiter(client: client, keyPrefix: "sample").acquire(key: "k0", policy: ratePolicy)
    }

    // MARK: Helpers

    /// EVAL and EVALSHA calls the server has run so far (a NOSCRIPT miss and its EVAL count as two).
    static func scriptCalls(_ client: RedisClient) async throws -> Int {
        guard let text = try await client.send(RESPCommand("INFO", "commandstats")).string else {
            throw BenchError(.unexpectedReply, "INFO commandstats is not text")
        }
        var calls = 0
        for line in text.split(whereSeparator: \.isNewline)
        where line.hasPrefix("cmdstat_evalsha:") || line.hasPrefix("cmdstat_eval:") {
            let fields = line.drop(while: { $0 != ":" }).dropFirst().split(separator: ",")
            guard let field = fields.first(where: { $0.hasPrefix("calls=") }), let count = Int(field.dropFirst(6)) else {
                throw BenchError(.unexpectedReply, "INFO commandstats has a line without calls: \(line)")
            }
            calls += count
        }
        return calls
    }

    static func rate(_ count: Int, _ elapsed: Duration) -> String {
        format(elapsed.seconds > 0 ? Double(count) / elapsed.seconds : 0, 1)
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
