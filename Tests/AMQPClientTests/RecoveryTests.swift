import AMQPClient
import AMQPTestSupport
import AMQPWire
import Foundation
import Logging
import NIOCore
import Testing

extension BrokerTests {
    /// The recovering client while the broker drops it: forced connection closes and an
    /// application restart. Publishes and a consumer keep running throughout; every publish must
    /// end confirmed or as `.connectionLost`, and every confirmed message must be consumed.
    @Suite struct RecoveryTests {
        @Test func recoversAfterTheBrokerClosesTheConnection() async throws {
            let broker = try TestBroker()
            let name = uniqueName("recovery")
            let client = AMQPClient(configuration: try brokerConfiguration(broker, name: name), logger: quietLogger)
            let exchange = uniqueName("ex")
            let queue = uniqueName("q")
            let probeQueue = uniqueName("q-probe")
            try await withRunningClient(client) {
                try await client.declareExchange(Exchange.Declare(exchange: exchange, type: "direct", durable: true))
                _ = try await client.declareQueue(Queue.Declare(queue: queue, durable: true))
                try await client.bindQueue(Queue.Bind(queue: queue, exchange: exchange, routingKey: "work"))
                // Exclusive: the broker deletes it with the connection, so only re-declaration
                // (and the re-bind) brings it back.
                _ = try await client.declareQueue(Queue.Declare(queue: probeQueue, durable: false, exclusive: true))
                try await client.bindQueue(Queue.Bind(queue: probeQueue, exchange: exchange, routingKey: "probe"))

                let ledger = Ledger()
                let probes = Ledger()
                let consumer = try await client.consume(queue: queue, prefetch: 50)
                let probeConsumer = try await client.consume(queue: probeQueue, prefetch: 10)
                let (closed, attempted) = try await withThrowingTaskGroup(of: Int.self) { group in
                    group.addTask {
                        try await consumeAll(consumer, into: ledger)
                        return -1
                    }
                    group.addTask {
                        try await consumeAll(probeConsumer, into: probes)
                        return -1
                    }
                    group.addTask {
                        // Force-close the connection in the middle of the stream of publishes.
                        _ = await eventually { await ledger.confirmed.count >= 150 }
                        let closed = try await broker.closeConnections(named: name)
                        await ledger.markConnectionClosed()
                        return closed
                    }
                    // Publish until the broker has closed the connection, then 300 more.
                    var next = 0
                    var closedAt: Int?
                    while next < 50_000 {
                        let ids = (next..<next + 20).map { "r-\($0)" }
                        await publishAll(ids, through: client, exchange: exchange, routingKey: "work", ledger: ledger)
                        next += 20
                        if closedAt == nil, await ledger.connectionClosed { closedAt = next }
                        if let closedAt, next >= closedAt + 300 { break }
                    }
                    var closed = -1
                    while closed < 0, let next = try await group.next() { closed = next }

                    #expect(await eventually(within: .seconds(60)) { await ledger.everyConfirmedMessageConsumed })
                    #expect(await eventually(within: .seconds(30)) { client.isConnected })
                    // The probe queue was declared, bound and consumed again on the new connection.
                    try await client.publish(message("probe"), exchange: exchange, routingKey: "probe", mandatory: true)
                    #expect(await eventually { await probes.consumed.contains("probe") })
                    group.cancelAll()
                    return (closed, next)
                }

                #expect(closed >= 1)
                let confirmed = await ledger.confirmed.count
                let lost = await ledger.lost.count
                #expect(await ledger.otherErrors == [])
                #expect(confirmed + lost == attempted)
                #expect(await ledger.everyConfirmedMessageConsumed)
                #expect(confirmed > 0)

                _ = try await client.deleteQueue(Queue.Delete(queue: queue))
                _ = try await client.deleteQueue(Queue.Delete(queue: probeQueue))
                try await client.deleteExchange(Exchange.Delete(exchange: exchange))
            }
        }

        @Test func recoversAfterTheBrokerApplicationRestarts() async throws {
            let broker = try TestBroker()
            var configuration = try brokerConfiguration(broker)
            // Long enough to wait out the restart.
            configuration.requestTimeout = .seconds(90)
            let client = AMQPClient(configuration: configuration, logger: quietLogger)
            // A transient exchange does not survive the restart: only re-declaration (and the
            // re-bind) makes the probe routable again.
            let exchange = uniqueName("ex-transient")
            let queue = uniqueName("q-durable")
            try await withRunningClient(client) {
                try await client.declareExchange(Exchange.Declare(exchange: exchange, type: "direct", durable: false))
                _ = try await client.declareQueue(Queue.Declare(queue: queue, durable: true))
                try await client.bindQueue(Queue.Bind(queue: queue, exchange: exchange, routingKey: "work"))
                let ledger = Ledger()
                let consumer = try await client.consume(queue: queue, prefetch: 20)

                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await consumeAll(consumer, into: ledger) }
                    await publishAll(
                        (0..<100).map { "before-\($0)" }, through: client, exchange: exchange, routingKey: "work",
                        ledger: ledger)
                    do {
                        try await broker.stopApp()
                        #expect(await eventually { !client.isConnected })
                        // Published while the broker is down: they wait for the connection.
                        group.addTask {
                            await publishAll(
                                (0..<100).map { "during-\($0)" }, through: client, exchange: exchange,
                                routingKey: "work", ledger: ledger)
                        }
                        try await Task.sleep(for: .milliseconds(500))
                        try await broker.startApp()
                    } catch {
                        try? await broker.startApp()
                        throw error
                    }
                    #expect(await eventually(within: .seconds(60)) { client.isConnected })
                    #expect(
                        await eventually(within: .seconds(90)) {
                            await ledger.confirmed.count + ledger.lost.count + ledger.otherErrors.count == 200
                        })
                    try await client.publish(message("probe"), exchange: exchange, routingKey: "work", mandatory: true)
                    #expect(await eventually(within: .seconds(60)) { await ledger.everyConfirmedMessageConsumed })
                    #expect(await ledger.consumed.contains("probe"))
                    group.cancelAll()
                }
                #expect(await ledger.otherErrors == [])
                #expect(await ledger.confirmed.count >= 100)
                _ = try await client.deleteQueue(Queue.Delete(queue: queue))
                try await client.deleteExchange(Exchange.Delete(exchange: exchange))
            }
        }
    }
}
