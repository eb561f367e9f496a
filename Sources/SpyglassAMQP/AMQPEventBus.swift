import AMQPClient
import AMQPWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import SpyglassPorts
import Synchronization

/// The event bus over RabbitMQ, the distributed twin of the database buses (see `EventTopology`
/// for the broker objects).
///
/// - **Publishing** waits for the broker's confirm; a publish that was not confirmed throws (the
///   outbox relay publishes it again).
/// - **Consuming** takes deliveries with manual acks and acks only after the handler returned, so
///   a consumer that dies first gets the event again. A failed event is republished to the next
///   retry queue (its TTL is the delay, its dead letters go back to the work queue) with its
///   attempt count and history in headers, and after the last attempt to the parking lot; only
///   then is the original acked, so nothing is lost between the two.
/// - Consumers are idempotent by event id where their effect is (see `processed_events`); the bus
///   delivers at least once.
///
/// Queues must exist before events are published or the events go to the unrouted queue:
/// `subscriptions` are declared when the bus starts (the executable knows its consumers), and
/// `consume` declares its own as well.
public final class AMQPEventBus: EventBus, Service {
    public struct Subscription: Sendable {
        public var consumer: String
        public var pattern: String
        public var policy: ConsumerPolicy

        public init(consumer: String, pattern: String, policy: ConsumerPolicy = .standard) {
            self.consumer = consumer
            self.pattern = pattern
            self.policy = policy
        }
    }

    let client: AMQPClient
    public let topology: EventTopology
    let subscriptions: [Subscription]
    let prefetch: UInt16
    /// How many recently handled event ids each consumer remembers to drop duplicates.
    let recentIDCapacity = 10_000
    let logger: Logger
    /// What this process declared already (declarations are idempotent, but each is a round trip).
    private let declared = Mutex<(exchanges: Bool, bindings: Set<String>, consumers: Set<String>)>((false, [], []))

    public init(
        client: AMQPClient, topology: EventTopology = EventTopology(), subscriptions: [Subscription] = [],
        prefetch: UInt16 = 100, logger: Logger
    ) {
        self.client = client
        self.topology = topology
        self.subscriptions = subscriptions
        self.prefetch = prefetch
        self.logger = logger
    }

    /// Declares the exchanges and every subscription's queues once the broker is reachable (a
    /// broker that is down at start delays this, it does not stop the process), then waits for
    /// shutdown: the client re-declares them itself after a reconnect.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var delay = Duration.milliseconds(500)
            while !Task.isCancelled {
                do {
                    try await self.prepare()
                    break
                } catch {
                    self.logger.warning("declaring the event topology failed; trying again", metadata: [
                        "error": "\(error)", "retry_in": "\(delay)",
                    ])
                    try await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(30))
                }
            }
            try await gracefulShutdown()
        }
    }

    /// Declares the exchanges and the subscriptions' queues; repeated calls do nothing.
    public func prepare() async throws {
        try await declareExchanges()
        for subscription in subscriptions {
            try await declareConsumer(subscription.consumer, pattern: subscription.pattern, policy: subscription.policy)
        }
    }

    // MARK: Publishing

    public func publish(_ event: DomainEvent) async throws {
        try await declareExchanges()
        try await client.publish(EventMessage.message(event), exchange: topology.eventsExchange, routingKey: event.type)
    }

    // MARK: Consuming

    public func subscribe(_ consumer: String, pattern: String, policy: ConsumerPolicy) async throws {
        try await declareExchanges()
        try await declareConsumer(consumer, pattern: pattern, policy: policy)
    }

    public func consume(
        as consumer: String, pattern: String, policy: ConsumerPolicy,
        handler: @escaping @Sendable (DomainEvent) async throws -> Void
    ) async throws {
        try await subscribe(consumer, pattern: pattern, policy: policy)
        let deliveries = try await client.consume(queue: topology.workQueue(consumer), prefetch: prefetch)
        var handled = RecentIDs(capacity: recentIDCapacity)
        for try await delivery in deliveries {
            if Task.isCancelled { return }
            await handle(delivery, consumer: consumer, policy: policy, handled: &handled, handler: handler)
        }
    }

    private func handle(
        _ delivery: AMQPDelivery, consumer: String, policy: ConsumerPolicy, handled: inout RecentIDs,
        handler: @Sendable (DomainEvent) async throws -> Void
    ) async {
        do {
            let decoded: EventMessage.Decoded
            do {
                decoded = try EventMessage.decode(delivery.message)
            } catch {
                try await park(delivery.message, consumer: consumer, attempts: 0, history: [],
                               reason: "not a Spyglass event: \(error)")
                try await delivery.ack()
                return
            }
            let event = decoded.event
            // A duplicate this consumer just handled (a re-sent outbox batch): no second call.
            // Effects that must happen once are idempotent by id in their own store as well.
            if handled.contains(event.id) {
                try await delivery.ack()
                return
            }
            guard policy.versions.contains(event.version) else {
                try await park(delivery.message, consumer: consumer, attempts: decoded.attempts, history: decoded.history,
                               reason: "unsupported version \(event.version) of \(event.type)")
                try await delivery.ack()
                return
            }
            do {
                try await handler(event)
            } catch {
                // Stopping is not failing: leave the event unacked, the broker hands it out again.
                if Task.isCancelled { return }
                try await retryOrPark(delivery, decoded, consumer: consumer, policy: policy, error: error)
                return
            }
            handled.insert(event.id)
            try await delivery.ack()
        } catch {
            // The ack or the republish did not reach the broker: the delivery is still unacked,
            // so the broker redelivers it (the handler may then run twice — consumers are idempotent).
            logger.warning("event delivery left for redelivery", metadata: [
                "consumer": "\(consumer)", "error": "\(error)",
            ])
        }
    }

    private func retryOrPark(
        _ delivery: AMQPDelivery, _ decoded: EventMessage.Decoded, consumer: String, policy: ConsumerPolicy,
        error: any Error
    ) async throws {
        let attempts = decoded.attempts + 1
        let history = decoded.history + [Self.oneLine(error)]
        if attempts < policy.maxAttempts && !decoded.replayed {
            let delay = policy.retryDelays[attempts - 1]
            try await client.publish(
                EventMessage.message(decoded.event, attempts: attempts, history: history),
                exchange: "", routingKey: topology.retryQueue(consumer, delay: delay))
            logger.info("event will be retried", metadata: [
                "consumer": "\(consumer)", "event": "\(decoded.event.id)", "attempt": "\(attempts)",
            ])
        } else {
            try await park(EventMessage.message(decoded.event), consumer: consumer, attempts: attempts, history: history,
                           reason: Self.oneLine(error))
        }
        try await delivery.ack()
    }

    private func park(
        _ message: AMQPMessage, consumer: String, attempts: Int, history: [String], reason: String
    ) async throws {
        var parked = message
        var headers = parked.properties.headers ?? [:]
        headers[EventMessage.Header.parkedID] = .string("\(consumer)/\(UUID().uuidString.lowercased())")
        headers[EventMessage.Header.parkedReason] = .string(reason)
        headers[EventMessage.Header.parkedAt] = .int64(Int64(Date().timeIntervalSince1970 * 1_000))
        headers[EventMessage.Header.consumer] = .string(consumer)
        headers[EventMessage.Header.attempts] = .int32(Int32(clamping: attempts))
        headers[EventMessage.Header.history] = .array(history.map { .string($0) })
        parked.properties.headers = headers
        try await client.publish(parked, exchange: "", routingKey: topology.parkingLot(consumer))
        logger.warning("event parked", metadata: [
            "consumer": "\(consumer)", "event": "\(message.properties.messageID ?? "?")", "reason": "\(reason)",
        ])
    }

    // MARK: The parking lot

    /// The known consumers: those of `subscriptions` and those consuming in this process.
    public var consumers: [String] {
        Set(subscriptions.map(\.consumer)).union(declared.withLock { $0.consumers }).sorted()
    }

    /// Reads the parking lot with `basic.get` without acking, then closes the channel: every
    /// message goes back to its place, so looking changes nothing.
    public func parked(consumer: String?) async throws -> [ParkedEvent] {
        var result: [ParkedEvent] = []
        for name in consumer.map({ [$0] }) ?? consumers {
            let queue = topology.parkingLot(name)
            let messages = try await client.withChannel { channel in
                _ = try await channel.declareQueue(Queue.Declare(queue: queue))
                var messages: [AMQPMessage] = []
                while let delivery = try await channel.get(queue: queue) {
                    messages.append(delivery.message)
                }
                return messages
            }
            result += messages.map { Self.parkedEvent($0, consumer: name) }
        }
        return result.sorted { $0.parkedAt < $1.parkedAt }
    }

    /// Moves one parked event back to its consumer's work queue for one more attempt (a failure
    /// parks it again at once, its history one line longer): republished (confirmed) first,
    /// acked from the parking lot after, so a failure in between leaves a copy in both places
    /// rather than in neither.
    public func replay(parkedID: String) async throws -> Bool {
        guard let slash = parkedID.firstIndex(of: "/") else { return false }
        let consumer = String(parkedID[..<slash])
        let queue = topology.parkingLot(consumer)
        return try await client.withChannel { channel in
            _ = try await channel.declareQueue(Queue.Declare(queue: queue))
            while let delivery = try await channel.get(queue: queue) {
                var headers = delivery.message.properties.headers ?? [:]
                guard headers[EventMessage.Header.parkedID]?.stringValue == parkedID else { continue }
                for name in [EventMessage.Header.parkedID, EventMessage.Header.parkedReason,
                             EventMessage.Header.parkedAt, EventMessage.Header.consumer] {
                    headers[name] = nil
                }
                headers[EventMessage.Header.replayed] = .boolean(true)
                var message = delivery.message
                message.properties.headers = headers
                try await self.client.publish(message, exchange: "", routingKey: self.topology.workQueue(consumer))
                try await delivery.ack()
                return true
            }
            return false
        }
    }

    static func parkedEvent(_ message: AMQPMessage, consumer: String) -> ParkedEvent {
        let headers = message.properties.headers ?? [:]
        let event = (try? EventMessage.decode(message))?.event ?? DomainEvent(
            id: message.properties.messageID ?? "unknown", type: message.properties.type ?? "unknown",
            tenantID: headers[EventMessage.Header.tenant]?.stringValue ?? "", subjectID: "",
            occurredAt: Date(timeIntervalSince1970: 0), payload: Array(message.body.readableBytesView))
        var history: [String] = []
        if case .array(let items)? = headers[EventMessage.Header.history] { history = items.compactMap(\.stringValue) }
        let parkedMS = headers[EventMessage.Header.parkedAt].flatMap(EventMessage.integer) ?? 0
        return ParkedEvent(
            id: headers[EventMessage.Header.parkedID]?.stringValue ?? "",
            consumer: consumer, event: event,
            attempts: headers[EventMessage.Header.attempts].flatMap(EventMessage.integer) ?? 0,
            reason: headers[EventMessage.Header.parkedReason]?.stringValue ?? "", history: history,
            parkedAt: Date(timeIntervalSince1970: Double(parkedMS) / 1_000))
    }

    // MARK: Topology

    private func declareExchanges() async throws {
        guard !declared.withLock({ $0.exchanges }) else { return }
        for exchange in topology.exchanges {
            try await client.declareExchange(exchange)
        }
        let unrouted = topology.unrouted
        _ = try await client.declareQueue(unrouted.queue)
        try await client.bindQueue(unrouted.binding)
        declared.withLock { $0.exchanges = true }
    }

    private func declareConsumer(_ consumer: String, pattern: String, policy: ConsumerPolicy) async throws {
        let binding = "\(consumer) \(pattern) \(policy.retryDelays)"
        guard !declared.withLock({ $0.bindings.contains(binding) }) else { return }
        let (queues, bind) = topology.subscription(consumer, pattern: pattern)
        for queue in queues + topology.retryQueues(consumer, policy: policy) {
            _ = try await client.declareQueue(queue)
        }
        try await client.bindQueue(bind)
        declared.withLock {
            _ = $0.bindings.insert(binding)
            _ = $0.consumers.insert(consumer)
        }
    }

    static func oneLine(_ error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }

}
