import AMQPWire
import ClientSupport

/// Publisher confirms on one channel, as a pure value.
///
/// After confirm.select every basic.publish gets the next sequence number, starting at 1; the
/// broker answers with basic.ack / basic.nack whose delivery tag is that number, where `multiple`
/// covers every number up to it (and tag 0 with `multiple`, everything outstanding).
///
/// An unroutable mandatory publish comes back as basic.return *before* the ack for it (RabbitMQ
/// routes, returns, then confirms). A return carries no sequence number, so it is held until an
/// ack resolves a mandatory publish with the same exchange and routing key; that publish's outcome
/// is `.returned`. Returns arrive in publish order, so the earliest such publish is the one.
struct AMQPConfirmTracker<Waiter> {
    enum Outcome: Equatable {
        case acked
        case nacked
        case returned(Basic.Return)
    }

    struct Resolution {
        var waiter: Waiter
        var sequenceNumber: UInt64
        var outcome: Outcome
    }

    private struct Pending {
        var sequenceNumber: UInt64
        var waiter: Waiter
        /// Exchange and routing key of a mandatory publish (the only kind the broker returns).
        var mandatoryRoute: Route?
    }

    private struct Route: Equatable {
        var exchange: String
        var routingKey: String
    }

    private(set) var isEnabled = false
    private(set) var nextSequenceNumber: UInt64 = 1
    private var pending = FIFO<Pending>()
    private var heldReturns: [Basic.Return] = []

    var pendingCount: Int { pending.count }

    /// Called when confirm.select is written: the publishes after it are counted from 1.
    mutating func enable() {
        isEnabled = true
    }

    /// Records a publish just written; returns its sequence number.
    mutating func published(waiter: Waiter, mandatory: Bool, exchange: String, routingKey: String) -> UInt64 {
        let sequenceNumber = nextSequenceNumber
        nextSequenceNumber += 1
        pending.append(
            Pending(
                sequenceNumber: sequenceNumber, waiter: waiter,
                mandatoryRoute: mandatory ? Route(exchange: exchange, routingKey: routingKey) : nil))
        return sequenceNumber
    }

    /// A basic.return (with its content already assembled); it waits for the ack that follows.
    mutating func returnReceived(_ returned: Basic.Return) {
        guard !pending.isEmpty else { return }  // nothing could be waiting for it
        heldReturns.append(returned)
    }

    mutating func ackReceived(deliveryTag: UInt64, multiple: Bool) -> [Resolution] {
        resolve(deliveryTag: deliveryTag, multiple: multiple, nacked: false)
    }

    mutating func nackReceived(deliveryTag: UInt64, multiple: Bool) -> [Resolution] {
        resolve(deliveryTag: deliveryTag, multiple: multiple, nacked: true)
    }

    /// The channel or connection is gone: every outstanding publish has an unknown fate.
    mutating func failAll() -> [Waiter] {
        heldReturns = []
        return pending.removeAll().map(\.waiter)
    }

    private mutating func resolve(deliveryTag: UInt64, multiple: Bool, nacked: Bool) -> [Resolution] {
        var resolved: [Pending] = []
        if multiple {
            let limit = deliveryTag == 0 ? UInt64.max : deliveryTag
            while let first = pending.first, first.sequenceNumber <= limit, let entry = pending.popFirst() {
                resolved.append(entry)
            }
        } else if pending.first?.sequenceNumber == deliveryTag, let entry = pending.popFirst() {
            resolved.append(entry)
        } else if let entry = pending.removeFirst(where: { $0.sequenceNumber == deliveryTag }) {
            resolved.append(entry)
        }

        var outcomes = Array(repeating: nacked ? Outcome.nacked : Outcome.acked, count: resolved.count)
        var matched = Set<Int>()
        var stillHeld: [Basic.Return] = []
        for returned in heldReturns {
            let route = Route(exchange: returned.exchange, routingKey: returned.routingKey)
            let match = resolved.indices.first { index in
                !matched.contains(index) && resolved[index].mandatoryRoute == route
            }
            if let match {
                matched.insert(match)
                // A nack wins: the broker did not take responsibility for the message at all.
                if !nacked { outcomes[match] = .returned(returned) }
            } else {
                stillHeld.append(returned)
            }
        }
        // Once nothing is outstanding no later ack can match a held return.
        heldReturns = pending.isEmpty ? [] : stillHeld
        return zip(resolved, outcomes).map { entry, outcome in
            Resolution(waiter: entry.waiter, sequenceNumber: entry.sequenceNumber, outcome: outcome)
        }
    }
}

extension AMQPConfirmTracker.Resolution: Equatable where Waiter: Equatable {}
