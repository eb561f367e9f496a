import AMQPWire
import SpyglassPorts

/// The broker objects of the event bus, named from one prefix:
///
/// - `<p>.events` (topic): every domain event, routed by its type;
/// - `<p>.unrouted` (fanout, the events exchange's alternate exchange) and its queue: events no
///   consumer is bound to are kept there for inspection instead of vanishing;
/// - per consumer `C`: the work queue `<p>.C` bound to the events exchange by the consumer's
///   pattern; a retry queue `<p>.C.retry.<delay>ms` per delay of its policy, whose message TTL is
///   that delay and whose dead letters go back to the work queue (through the default exchange);
///   the parking lot `<p>.C.parked`. Retry queues are named by their delay because a queue's
///   arguments cannot change once declared: a new policy gets new queues instead of an error.
public struct EventTopology: Sendable {
    public var prefix: String

    public init(prefix: String = "spyglass") {
        self.prefix = prefix
    }

    public var eventsExchange: String { "\(prefix).events" }
    public var unroutedExchange: String { "\(prefix).unrouted" }
    public var unroutedQueue: String { "\(prefix).unrouted" }

    public func workQueue(_ consumer: String) -> String { "\(prefix).\(consumer)" }
    public func retryQueue(_ consumer: String, delay: Duration) -> String {
        "\(prefix).\(consumer).retry.\(delay.milliseconds)ms"
    }
    public func parkingLot(_ consumer: String) -> String { "\(prefix).\(consumer).parked" }

    /// What every publisher needs: the events exchange and where unrouted events go.
    var exchanges: [Exchange.Declare] {
        [
            Exchange.Declare(exchange: unroutedExchange, type: "fanout"),
            Exchange.Declare(
                exchange: eventsExchange, type: "topic",
                arguments: ["alternate-exchange": .string(unroutedExchange)]),
        ]
    }

    var unrouted: (queue: Queue.Declare, binding: Queue.Bind) {
        // Bounded: unrouted events are for looking at, not an unbounded second log.
        (Queue.Declare(queue: unroutedQueue, arguments: ["x-max-length": .int32(10_000), "x-queue-mode": .string("lazy")]),
         Queue.Bind(queue: unroutedQueue, exchange: unroutedExchange, routingKey: ""))
    }

    /// A consumer's work queue, parking lot and binding, in declaration order.
    func subscription(_ consumer: String, pattern: String) -> (queues: [Queue.Declare], binding: Queue.Bind) {
        let work = workQueue(consumer)
        return ([Queue.Declare(queue: work), Queue.Declare(queue: parkingLot(consumer))],
                Queue.Bind(queue: work, exchange: eventsExchange, routingKey: pattern))
    }

    /// The retry queues of a policy: one per distinct delay.
    func retryQueues(_ consumer: String, policy: ConsumerPolicy) -> [Queue.Declare] {
        Set(policy.retryDelays).sorted().map { delay in
            Queue.Declare(
                queue: retryQueue(consumer, delay: delay),
                arguments: [
                    "x-message-ttl": .int64(delay.milliseconds),
                    "x-dead-letter-exchange": .string(""),
                    "x-dead-letter-routing-key": .string(workQueue(consumer)),
                ])
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (a TTL of 0 would mean "expire at once").
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return max(1, seconds * 1_000 + attoseconds / 1_000_000_000_000_000)
    }
}
