import Foundation
import Logging
import RESP
import RedisClient
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// The durable job queue in Redis, for a fleet of workers: the twin of `SQLiteJobQueue`, held
/// to the same contract tests.
///
/// **Layout.** A hash per job holds all its fields. Queued jobs (due and delayed alike) are in
/// one sorted set scored by run time, due when the score is at most now; leased jobs are in
/// another, scored by lease deadline. Finished jobs are in `succeeded` and `dead` sets scored by
/// finish time (`dead` is the dead-letter list operators look at), and their hashes expire after
/// `finishedRetention`. Per tenant, lexicographic sorted sets of ids (one for all jobs, one per
/// status) serve `jobs(tenant:status:page:)`: ids start with their creation time, so the
/// reversed lexical order is newest first and an id is the cursor. A dedupe key is a string
/// key (per tenant) naming the live job that holds it, deleted when that job finishes.
///
/// **Why sorted sets rather than `BLMOVE` between lists.** Lists hand a job over reliably, but
/// everything else a queue needs here is a deadline: delays, retries after back-off, leases that
/// are renewed, and the reaper that takes back the leases of crashed workers. Sorted sets of
/// deadlines express all of these with one range query, and each transition (enqueue, lease with
/// the reaper folded in, renew, complete, fail) is one Lua script: one round trip, atomic, so two
/// workers never take the same job and a crash never leaves a job half moved.
///
/// **Time.** Deadlines come from the injected clock and are passed into the scripts, never
/// read from the server, so tests can move time. Processes sharing a queue must therefore have
/// synchronised clocks (NTP): a host whose clock runs ahead takes leases back early.
/// Times are kept to the millisecond.
///
/// **Wake-ups.** Idle workers of this process wake on enqueue; the enqueue script also
/// `PUBLISH`es on a channel, and `run()` (a `Service`) subscribes to it so workers of other
/// processes wake at once too, and publishes on behalf of `notifyEnqueued()`. Without `run()`,
/// other processes still find the job at their next poll.
///
/// **Persistence** is Redis's: run it with AOF (`appendonly yes`, ideally `appendfsync always`
/// or `everysec`) so queued jobs survive a restart. Trap: Redis before the fix of
/// redis/redis#14541 (7.0 included) replays the AOF as the `default` user and, when that user is
/// switched off (`user default off`), silently drops every MULTI/EXEC in it — and script effects
/// are written as MULTI/EXEC, so every job would vanish on restart. With such a server keep
/// `default` on (with a password) and give the application its own ACL user if wanted.
/// On Redis Cluster all queue keys share one hash tag, hence one shard. Needs Redis 6.2 or newer.
public final class RedisJobQueue: JobQueue, Service {
    /// How long a finished job stays readable.
    public static let finishedRetention = Duration.seconds(7 * 86_400)
    /// Most expired leases the reaper handles in one `lease` call (it runs on every call).
    static let reaperBatch = 100

    let client: RedisClient
    let clock: any WallClock
    let keys: RedisJobKeys
    private let wakeupChannel: RedisWakeups

    public init(
        client: RedisClient, clock: any WallClock = SystemWallClock(), keyPrefix: String = "spyglass",
        logger: Logger = Logger(label: "spyglass.redis.jobs")
    ) {
        self.client = client
        self.clock = clock
        self.keys = RedisJobKeys(keyPrefix: keyPrefix)
        self.wakeupChannel = RedisWakeups(client: client, channel: keys.wakeupChannel, logger: logger)
    }

    /// Wakes this process's workers when another process queues a job, until cancelled or shut down gracefully.
    public func run() async throws {
        await wakeupChannel.run()
    }

    /// Idempotent by id as well as by dedupe key: the client may send a script again when a
    /// connection dies before its reply, and the second run then returns the job the first stored.
    public func enqueue(_ job: Job) async throws -> Job {
        let score: Date = switch job.status {
        case .queued: job.runAt
        case .leased: job.leasedUntil ?? job.runAt
        case .succeeded, .dead: job.finishedAt ?? job.updatedAt
        }
        let arguments = [
            keys.prefix, keys.wakeupChannel, job.id.rawValue, job.tenantID.rawValue, job.status.rawValue,
            RedisMilliseconds.text(score), job.dedupeKey == nil ? "0" : "1", job.dedupeKey ?? "",
        ] + retentionArguments(now: clock.now()) + RedisJobRecord.fields(of: job)
        let reply = try RedisReply.array(
            try await client.evaluate(RedisJobScripts.enqueue, keys: keys.scriptKeys, arguments: arguments),
            context: "enqueue")
        switch reply.first?.string {
        case "created":
            wakeupChannel.wakeLocally()
            return job
        case "existing" where reply.count == 2:
            return try RedisJobRecord.job(from: try RedisReply.fields(reply[1], context: "enqueue"))
        case "conflict":
            throw StorageError(.conflict, "job \(job.id) was not queued: its id belongs to another tenant")
        default:
            throw RedisAdapterError(.unexpectedReply, "enqueue: the script answered an unknown outcome")
        }
    }

    public func lease(owner: String, for visibility: Duration) async throws -> Job? {
        let now = clock.now()
        let arguments = [
            keys.prefix, RedisMilliseconds.text(now), deadline(now, visibility), owner,
        ] + retentionArguments(now: now) + [String(Self.reaperBatch)]
        let reply = try await client.evaluate(RedisJobScripts.lease, keys: keys.scriptKeys, arguments: arguments)
        if reply.isNull { return nil }
        return try RedisJobRecord.job(from: try RedisReply.fields(reply, context: "lease"))
    }

    public func renewLease(_ id: Job.ID, owner: String, for visibility: Duration) async throws -> Bool {
        let now = clock.now()
        let arguments = [keys.prefix, id.rawValue, owner, RedisMilliseconds.text(now), deadline(now, visibility)]
        let reply = try await client.evaluate(RedisJobScripts.renew, keys: keys.scriptKeys, arguments: arguments)
        return try RedisReply.integer(reply, context: "renewLease") == 1
    }

    public func complete(_ id: Job.ID, owner: String) async throws {
        let now = clock.now()
        let arguments = [keys.prefix, id.rawValue, owner, RedisMilliseconds.text(now)] + retentionArguments(now: now)
        _ = try await client.evaluate(RedisJobScripts.complete, keys: keys.scriptKeys, arguments: arguments)
    }

    public func fail(_ id: Job.ID, owner: String, error: String, retryAfter: Duration?) async throws {
        let now = clock.now()
        let retryAt = retryAfter.map { String(RedisMilliseconds.of(now) + RedisMilliseconds.of($0)) } ?? ""
        let arguments = [keys.prefix, id.rawValue, owner, RedisMilliseconds.text(now)]
            + retentionArguments(now: now) + [String(error.prefix(1_000)), retryAt]
        _ = try await client.evaluate(RedisJobScripts.fail, keys: keys.scriptKeys, arguments: arguments)
    }

    public func job(_ id: Job.ID, tenant: Tenant.ID) async throws -> Job? {
        let reply = try await client.send(RESPCommand("HGETALL", keys.job(id.rawValue)))
        let fields = try RedisReply.fields(reply, context: "job")
        guard !fields.isEmpty else { return nil }
        let job = try RedisJobRecord.job(from: fields)
        return job.tenantID == tenant && job.id == id ? job : nil
    }

    public func jobs(tenant: Tenant.ID, status: Job.Status?, page: PageRequest) async throws -> Page<Job> {
        let arguments = [
            keys.prefix, tenant.rawValue, status?.rawValue ?? "all", page.after == nil ? "0" : "1", page.after ?? "",
            String(page.limit + 1),
        ]
        let reply = try await client.evaluate(RedisJobScripts.list, keys: keys.scriptKeys, arguments: arguments)
        var rows: [Job] = []
        for element in try RedisReply.array(reply, context: "jobs") {
            let job = try RedisJobRecord.job(from: try RedisReply.fields(element, context: "jobs"))
            // The index is per tenant and per status; checked again so a bug there cannot leak a job.
            guard job.tenantID == tenant, status == nil || job.status == status else { continue }
            rows.append(job)
        }
        return Page(overfetched: rows, limit: page.limit, key: { $0.id.rawValue })
    }

    public func oldestReadyAge(now: Date) async throws -> Duration? {
        let nowMillis = RedisMilliseconds.of(now)
        let reply = try await client.send(
            RESPCommand("ZRANGEBYSCORE", keys.ready, "-inf", String(nowMillis), "WITHSCORES", "LIMIT", "0", "1"))
        // RESP3 answers [[member, score]], RESP2 [member, score].
        guard var pair = reply.array, !pair.isEmpty else { return nil }
        if let inner = pair[0].array { pair = inner }
        guard pair.count == 2 else { throw RedisAdapterError(.unexpectedReply, "oldest ready job: not a pair") }
        let score: Double? = if case .double(let value) = pair[1] { value } else { pair[1].string.flatMap(Double.init) }
        guard let score, score.isFinite else {
            throw RedisAdapterError(.unexpectedReply, "oldest ready job: the score is not a number")
        }
        return .milliseconds(max(nowMillis - Int64(score), 0))
    }

    public func depth() async throws -> [Job.Status: Int] {
        let cutoff = "(" + String(RedisMilliseconds.of(clock.now()) - RedisMilliseconds.of(Self.finishedRetention))
        let commands = [
            RESPCommand("ZCARD", keys.ready), RESPCommand("ZCARD", keys.leased),
            RESPCommand("ZCOUNT", keys.finished(Job.Status.succeeded.rawValue), cutoff, "+inf"),
            RESPCommand("ZCOUNT", keys.finished(Job.Status.dead.rawValue), cutoff, "+inf"),
        ]
        let statuses: [Job.Status] = [.queued, .leased, .succeeded, .dead]
        var counts: [Job.Status: Int] = [:]
        for (status, result) in zip(statuses, try await client.pipeline(commands)) {
            counts[status] = Int(try RedisReply.integer(try result.get(), context: "depth"))
        }
        return counts
    }

    public func wakeups() -> AsyncStream<Void> {
        wakeupChannel.stream()
    }

    /// Wakes idle workers here and, while `run()` runs, in other processes, after another
    /// writer queued jobs.
    public func notifyEnqueued() {
        wakeupChannel.wakeEverywhere()
    }

    private func deadline(_ now: Date, _ visibility: Duration) -> String {
        String(RedisMilliseconds.of(now) + RedisMilliseconds.of(visibility))
    }

    /// The cutoff before which finished jobs are forgotten, and the hash's time to live in seconds.
    private func retentionArguments(now: Date) -> [String] {
        let retention = RedisMilliseconds.of(Self.finishedRetention)
        return [String(RedisMilliseconds.of(now) - retention), String(retention / 1000)]
    }
}
