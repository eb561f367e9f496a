import Synchronization

/// Hands a "there may be work" signal to every listener; a listener that has
/// not consumed the last one keeps just one pending signal.
public final class WakeupBroadcaster: Sendable {
    private let continuations = Mutex<[UInt64: AsyncStream<Void>.Continuation]>([:])
    private let nextID = Atomic<UInt64>(0)

    public init() {}

    public func stream() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = nextID.add(1, ordering: .relaxed).newValue
        continuations.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.continuations.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    public func wakeAll() {
        let all = continuations.withLock { Array($0.values) }
        for continuation in all { continuation.yield() }
    }
}
