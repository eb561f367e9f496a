import AMQPWire
import Testing

@testable import AMQPClient
@testable import AMQPTestSupport

@Suite struct SupportTypeTests {
    @Test func backoffDoublesUpToTheCap() {
        let backoff = AMQPReconnectBackoff(min: .milliseconds(100), max: .seconds(1))
        #expect(backoff.nominalDelay(afterFailures: 1) == .milliseconds(100))
        #expect(backoff.nominalDelay(afterFailures: 2) == .milliseconds(200))
        #expect(backoff.nominalDelay(afterFailures: 4) == .milliseconds(800))
        #expect(backoff.nominalDelay(afterFailures: 5) == .seconds(1))
        #expect(backoff.nominalDelay(afterFailures: Int.max) == .seconds(1))
    }

    @Test func backoffIsJitteredWithinHalfToFull() {
        let backoff = AMQPReconnectBackoff(min: .milliseconds(100), max: .seconds(1))
        #expect(backoff.delay(afterFailures: 2, randomFraction: 0) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 2, randomFraction: 1) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 2, randomFraction: 7) == .milliseconds(200))
        for _ in 0..<100 {
            let delay = backoff.delay(afterFailures: 3)
            #expect(delay >= .milliseconds(200) && delay <= .milliseconds(400))
        }
    }

    @Test func topologyKeepsDeclarationOrderAndReplacesByName() {
        var topology = AMQPTopology()
        topology.record(.exchange(Exchange.Declare(exchange: "ex", type: "direct")))
        topology.record(.queue(Queue.Declare(queue: "q")))
        topology.record(.binding(Queue.Bind(queue: "q", exchange: "ex", routingKey: "a")))
        topology.record(.binding(Queue.Bind(queue: "q", exchange: "ex", routingKey: "a", noWait: true)))
        let (replaced, isNew) = topology.record(.exchange(Exchange.Declare(exchange: "ex", type: "topic")))
        #expect(replaced == .exchange(Exchange.Declare(exchange: "ex", type: "direct")))
        #expect(!isNew)
        #expect(
            topology.records == [
                .exchange(Exchange.Declare(exchange: "ex", type: "topic")),
                .queue(Queue.Declare(queue: "q")),
                .binding(Queue.Bind(queue: "q", exchange: "ex", routingKey: "a")),
            ])
    }

    @Test func topologySkipsPassiveAndServerNamed() {
        var topology = AMQPTopology()
        topology.record(.queue(Queue.Declare(queue: "", exclusive: true)))
        topology.record(.queue(Queue.Declare(queue: "q", passive: true)))
        topology.record(.exchange(Exchange.Declare(exchange: "ex", type: "direct", passive: true)))
        #expect(topology.records.isEmpty)
    }

    @Test func undoPutsBackWhatAFailedDeclareReplaced() {
        var topology = AMQPTopology()
        let good = AMQPTopology.Record.queue(Queue.Declare(queue: "q", durable: true))
        let bad = AMQPTopology.Record.queue(Queue.Declare(queue: "q", durable: false))
        topology.record(good)
        let (replaced, isNew) = topology.record(bad)
        topology.undo(bad, replaced: replaced, isNew: isNew)
        #expect(topology.records == [good])
        let other = AMQPTopology.Record.queue(Queue.Declare(queue: "other"))
        let result = topology.record(other)
        topology.undo(other, replaced: result.replaced, isNew: result.isNew)
        #expect(topology.records == [good])
    }

    @Test func deletingAQueueOrExchangeForgetsItsBindings() {
        var topology = AMQPTopology()
        topology.record(.exchange(Exchange.Declare(exchange: "ex", type: "direct")))
        topology.record(.queue(Queue.Declare(queue: "q1")))
        topology.record(.queue(Queue.Declare(queue: "q2")))
        topology.record(.binding(Queue.Bind(queue: "q1", exchange: "ex", routingKey: "a")))
        topology.record(.binding(Queue.Bind(queue: "q2", exchange: "ex", routingKey: "b")))
        topology.queueDeleted("q1")
        #expect(topology.records.count == 3)
        topology.unbind(Queue.Unbind(queue: "q2", exchange: "ex", routingKey: "b"))
        #expect(topology.records.count == 2)
        topology.record(.binding(Queue.Bind(queue: "q2", exchange: "ex", routingKey: "b")))
        topology.exchangeDeleted("ex")
        #expect(topology.records == [.queue(Queue.Declare(queue: "q2"))])
    }

    @Test func waiterSlotsHandValuesToEarlyAndLateWaiters() async {
        var slots = AMQPWaiterSlots<Int>()
        slots.add(1)
        let first = slots.fulfill(1, 10)
        let second = slots.fulfill(1, 11)
        #expect(first && !second)
        #expect(slots.take(1) == 10)
        let unknown = slots.fulfill(2, 1)
        #expect(!unknown)
    }

    @Test func deadlineExpiryMakesTheWaitReturnItsAnswer() async {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let value = await withDeadline(.milliseconds(20)) {
            for await value in stream { return value }
            return -1
        } expire: { _ in
            continuation.yield(7)
        }
        #expect(value == 7)
    }

    @Test func aValueBeforeTheDeadlineWins() async {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        continuation.yield(3)
        let value = await withDeadline(.seconds(60)) {
            for await value in stream { return value }
            return -1
        } expire: { _ in
            continuation.yield(7)
        }
        #expect(value == 3)
    }
}

@Suite struct TestBrokerTests {
    @Test func findsConnectionsByTheirClientProvidedName() {
        let listing = """
            <node.1.2.3>\t[{"product","swift-amqp-client"},{"connection_name","worker-1"},{"capabilities",[]}]
            <node.1.2.4>\t[{"product","other"},{"connection_name","worker-10"}]
            <node.1.2.5>\t[{<<"connection_name">>,longstr,<<"worker-1">>}]
            <node.1.2.6>\tnone
            """
        #expect(TestBroker.connectionPids(in: listing, named: "worker-1") == ["<node.1.2.3>", "<node.1.2.5>"])
        #expect(TestBroker.connectionPids(in: listing, named: "nobody").isEmpty)
    }
}
