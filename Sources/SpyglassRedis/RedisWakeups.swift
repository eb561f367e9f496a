import Logging
import RESP
import RedisClient
import ServiceLifecycle
import SpyglassPorts

/// "There may be work" for listeners in this process and in every process using the same
/// Redis: locally through a `WakeupBroadcaster`, across processes through `PUBLISH` on one
/// channel. The enqueue script publishes by itself; `run()` receives other processes' messages
/// and publishes on behalf of `wakeEverywhere()`, which cannot wait for Redis.
final class RedisWakeups: Sendable {
    let channel: String
    private let client: RedisClient
    private let logger: Logger
    /// Listeners in this process.
    private let local = WakeupBroadcaster()
    /// Requests to tell other processes, taken by `run()` (coalesced: one pending at most).
    private let outgoing = WakeupBroadcaster()

    init(client: RedisClient, channel: String, logger: Logger) {
        self.client = client
        self.channel = channel
        self.logger = logger
    }

    func stream() -> AsyncStream<Void> {
        local.stream()
    }

    func wakeLocally() {
        local.wakeAll()
    }

    func wakeEverywhere() {
        local.wakeAll()
        outgoing.wakeAll()
    }

    /// Listens and forwards until cancelled or shut down gracefully. The subscriber reconnects
    /// and subscribes again by itself; a message sent while it was away is lost, which costs at
    /// most one poll interval of the workers.
    func run() async {
        // Taken before anything starts, so a request made once `run()` has begun is never missed.
        let requests = outgoing.stream()
        let subscriber = client.subscriber()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    do {
                        try await subscriber.run()
                    } catch {
                        self.logger.error("the job wake-up subscriber stopped", metadata: ["error": "\(error)"])
                    }
                }
                group.addTask { await self.listen(subscriber) }
                group.addTask { await self.forward(requests) }
            }
        }
    }

    private func listen(_ subscriber: RedisSubscriber) async {
        var backoff = Self.firstBackoff
        while !Task.isCancelled {
            do {
                let messages = try await subscriber.subscribe([channel])
                // Anything published before the subscription was confirmed is unseen: look once now.
                local.wakeAll()
                backoff = Self.firstBackoff
                for await _ in messages {
                    local.wakeAll()
                }
                // The stream ends only when the subscriber has stopped.
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("subscribing to job wake-ups failed; retrying", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, Self.maximumBackoff)
        }
    }

    /// One `PUBLISH` per batch of requests from `wakeEverywhere()`.
    private func forward(_ requests: AsyncStream<Void>) async {
        for await _ in requests {
            do {
                _ = try await client.send(RESPCommand("PUBLISH", channel, ""))
            } catch {
                logger.warning("publishing a job wake-up failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private static let firstBackoff = Duration.milliseconds(250)
    private static let maximumBackoff = Duration.seconds(30)
}
