import AMQPWire
import NIOCore

/// Identifies one opened channel: its number, and which opening of that number (numbers are reused,
/// so an old `AMQPChannel` or delivery can never act on a newer channel with the same number).
struct AMQPChannelSlot: Sendable, Hashable {
    var id: UInt16
    var incarnation: UInt64
}

/// Who a request on the event loop resumes.
enum AMQPWaiter {
    case reply(CheckedContinuation<AMQPReply, any Error>)
    case channelOpen(EventLoopPromise<AMQPChannelSlot>, AMQPChannelSlot)
    /// Nobody waits (a close started by a cancellation handler).
    case discard

    func complete(_ result: Result<AMQPReply, AMQPClientError>) {
        switch (self, result) {
        case (.discard, _):
            break
        case (.reply(let continuation), _):
            continuation.resume(with: result.mapError { $0 as any Error })
        case (.channelOpen(let promise, let slot), .success):
            promise.succeed(slot)
        case (.channelOpen(let promise, _), .failure(let error)):
            promise.fail(error)
        }
    }
}

/// How the thread-safe public objects reach the connection's handler: every call hops to its
/// event loop, where the handler (and all protocol state) lives.
struct AMQPConnectionHandle: Sendable {
    let eventLoop: any EventLoop
    let box: NIOLoopBoundBox<AMQPConnectionHandler?>
    let status: AMQPConnectionStatus

    /// Runs `body` on the event loop with the handler; `gone` (default: the status's error) is
    /// thrown when the connection has already been torn down.
    func request<Value: Sendable>(
        gone: AMQPClientError? = nil,
        _ body: @escaping @Sendable (AMQPConnectionHandler, CheckedContinuation<Value, any Error>) -> Void
    ) async throws -> Value {
        let box = self.box
        let status = self.status
        return try await withCheckedThrowingContinuation { continuation in
            eventLoop.execute {
                guard let handler = box.value else {
                    continuation.resume(throwing: gone ?? status.goneError)
                    return
                }
                body(handler, continuation)
            }
        }
    }

    /// Fire and forget on the event loop; `ifGone` runs instead when the connection is gone.
    func execute(
        _ body: @escaping @Sendable (AMQPConnectionHandler) -> Void, ifGone: (@Sendable () -> Void)? = nil
    ) {
        let box = self.box
        eventLoop.execute {
            if let handler = box.value {
                body(handler)
            } else {
                ifGone?()
            }
        }
    }
}

/// Sends a delivery's ack, nack or reject on the channel it came from, if that is still the same.
struct AMQPAcknowledger: Sendable {
    let handle: AMQPConnectionHandle
    let slot: AMQPChannelSlot
    let status: AMQPChannelStatus

    /// Hands the ack to the connection without waiting for the event loop: a consumer acks every
    /// message, and a round trip per ack would bound it to one message per thread hop. A channel
    /// already known to be closed throws `.staleDelivery`; one that closes before the write drops
    /// the ack there (the broker redelivers that message either way).
    func send(_ method: AMQPMethod) throws {
        guard status.isOpen else { throw AMQPConnectionHandler.staleDelivery }
        let slot = self.slot
        handle.execute { handler in
            handler.acknowledge(slot, method, waiter: .discard)
        }
    }
}
