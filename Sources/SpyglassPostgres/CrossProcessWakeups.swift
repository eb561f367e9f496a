import Logging
import PostgresNIO
import ServiceLifecycle
import SpyglassPorts

/// "There may be work" for listeners in this process and in every other process
/// on the same database: locally through a `WakeupBroadcaster`, across processes
/// through PostgreSQL `LISTEN`/`NOTIFY` on one channel.
///
/// Receiving other processes' notifications, and sending the ones asked for
/// outside a transaction, is `run()`'s work; without it only local listeners wake.
final class CrossProcessWakeups: Sendable {
    let channel: String
    private let pool: PostgresPool
    /// Listeners in this process (shared by every adapter that rings for the same writes).
    private let local: WakeupBroadcaster
    /// Requests to tell other processes, taken by `run()` (coalesced: one pending at most).
    private let outgoing = WakeupBroadcaster()

    init(channel: String, pool: PostgresPool, local: WakeupBroadcaster = WakeupBroadcaster()) {
        self.channel = channel
        self.pool = pool
        self.local = local
    }

    func stream() -> AsyncStream<Void> {
        local.stream()
    }

    /// Wakes local listeners only (the other processes were told by `notify(in:)`).
    func wakeLocally() {
        local.wakeAll()
    }

    /// Wakes local listeners, and other processes' listeners while `run()` runs;
    /// for work that was committed by a transaction this type did not see.
    func wakeEverywhere() {
        local.wakeAll()
        outgoing.wakeAll()
    }

    /// Queues a `NOTIFY` in the caller's transaction: PostgreSQL delivers it when
    /// the transaction commits, and never when it rolls back.
    func notify(in connection: PostgresConnection) async throws {
        _ = try await connection.query("SELECT pg_notify(\(channel), '')", logger: pool.logger).collect()
    }

    /// Listens (and sends requested notifications) until cancelled or shut down gracefully.
    func run() async {
        // Taken before listening starts, so a request made once this process listens is never missed.
        let requests = outgoing.stream()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.listen() }
                group.addTask { await self.forward(requests) }
            }
        }
    }

    /// Holds one pooled connection in `LISTEN`; reconnects with back-off when it drops.
    private func listen() async {
        var backoff = Self.firstBackoff
        while !Task.isCancelled {
            do {
                try await pool.client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        // Anything sent while nobody listened is lost: look once now.
                        local.wakeAll()
                        backoff = Self.firstBackoff
                        for try await _ in notifications {
                            local.wakeAll()
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                pool.logger.warning(
                    "LISTEN \(channel) failed; retrying", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, Self.maximumBackoff)
        }
    }

    /// Sends one `NOTIFY` per batch of requests from `wakeEverywhere()`.
    private func forward(_ requests: AsyncStream<Void>) async {
        for await _ in requests {
            do {
                try await pool.withoutTenant { connection in try await notify(in: connection) }
            } catch {
                pool.logger.warning(
                    "NOTIFY \(channel) failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    private static let firstBackoff = Duration.milliseconds(250)
    private static let maximumBackoff = Duration.seconds(30)
}
