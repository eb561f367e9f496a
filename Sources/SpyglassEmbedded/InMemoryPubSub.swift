import SpyglassDomain
import SpyglassPorts
import Synchronization

/// In-process fan-out: every subscriber of a channel gets each message
/// published after it subscribed. A slow subscriber keeps only the newest 256.
public final class InMemoryPubSub: PubSub {
    private struct Subscriber {
        let channel: String
        let continuation: AsyncStream<[UInt8]>.Continuation
    }

    private let subscribers = Mutex<[UInt64: Subscriber]>([:])
    private let nextID = Atomic<UInt64>(0)

    public init() {}

    public func publish(channel: String, message: [UInt8]) async throws {
        let targets = subscribers.withLock { all in all.values.filter { $0.channel == channel } }
        for target in targets { target.continuation.yield(message) }
    }

    public func subscribe(channel: String) async throws -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(256))
        let id = nextID.add(1, ordering: .relaxed).newValue
        subscribers.withLock { $0[id] = Subscriber(channel: channel, continuation: continuation) }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }
}
