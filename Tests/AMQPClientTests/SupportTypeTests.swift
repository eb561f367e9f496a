import AMQPWire
import Testing

@testable import AMQPClient
@testable import AMQPTestSupport

@Suite struct SupportTypeTests {
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
