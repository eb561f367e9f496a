import Logging
import NIOCore
import RESP
import RedisClient
import ServiceLifecycle
import SpyglassPorts

/// Live notifications for every API replica, over Redis pub/sub: the twin of `InMemoryPubSub`.
///
/// Fire-and-forget, as the port says: a message reaches the subscribers connected at the moment
/// it is published, and is gone for everyone else — a replica whose subscription connection is
/// down (it reconnects and subscribes again by itself) misses what was published meanwhile.
/// Anything that must arrive goes through the event bus or the job queue instead.
///
/// Publishing uses the client's pool; subscriptions share one dedicated connection, owned by
/// `run()` (a `Service`): without it, `subscribe` waits for a connection and then fails.
/// Channels are `<prefix>:live:<channel>`. A slow subscriber keeps only the newest 256 unread
/// messages, like the in-memory twin.
public final class RedisPubSub: PubSub, Service {
    let client: RedisClient
    let keyPrefix: String
    private let subscriber: RedisSubscriber

    public init(client: RedisClient, keyPrefix: String = "spyglass") {
        self.client = client
        self.keyPrefix = keyPrefix
        self.subscriber = client.subscriber(bufferLimit: 256)
    }

    /// Keeps the subscription connection up until cancelled or shut down gracefully; every
    /// stream handed out ends when it returns.
    public func run() async throws {
        try await subscriber.run()
    }

    public func publish(channel: String, message: [UInt8]) async throws {
        _ = try await client.send(
            RESPCommand(arguments: [
                ByteBuffer(string: "PUBLISH"), ByteBuffer(string: name(channel)), ByteBuffer(bytes: message),
            ]))
    }

    /// Returns once Redis has confirmed the subscription, so every message published afterwards arrives.
    public func subscribe(channel: String) async throws -> AsyncStream<[UInt8]> {
        let messages = try await subscriber.subscribe([name(channel)])
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(256))
        // Ends when the consumer stops listening (the subscriber then drops the subscription)
        // or when the subscriber stops (the consumer's stream ends too).
        let forwarding = Task {
            for await message in messages {
                continuation.yield(Array(message.payload.readableBytesView))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in forwarding.cancel() }
        return stream
    }

    private func name(_ channel: String) -> String {
        "\(keyPrefix):live:\(channel)"
    }
}
