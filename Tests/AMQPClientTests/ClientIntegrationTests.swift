import AMQPClient
import AMQPTestSupport
import AMQPWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

extension BrokerTests {
    /// The recovering client on a healthy broker.
    @Suite struct ClientTests {
        @Test func publishesAndConsumesThroughRecordedTopology() async throws {
            let broker = try TestBroker()
            let client = AMQPClient(configuration: try brokerConfiguration(broker), logger: quietLogger)
            let exchange = uniqueName("ex")
            let queue = uniqueName("q")
            try await withRunningClient(client) {
                try await client.declareExchange(Exchange.Declare(exchange: exchange, type: "direct", durable: false))
                let declared = try await client.declareQueue(Queue.Declare(queue: queue, durable: true))
                #expect(declared.queue == queue)
                try await client.bindQueue(Queue.Bind(queue: queue, exchange: exchange, routingKey: "work"))
                #expect(client.isConnected)

                let ledger = Ledger()
                let ids = (0..<500).map { "c-\($0)" }
                await publishAll(
                    ids, through: client, exchange: exchange, routingKey: "work", window: 100, ledger: ledger)
                #expect(await ledger.confirmed.count == ids.count)
                #expect(await ledger.otherErrors == [])

                // A short-lived channel for inspection.
                let waiting = try await client.withChannel { channel in
                    try await channel.declareQueue(Queue.Declare(queue: queue, passive: true)).messageCount
                }
                #expect(waiting == UInt32(ids.count))

                let consumer = try await client.consume(queue: queue, prefetch: 25)
                await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await consumeAll(consumer, into: ledger) }
                    #expect(await eventually { await ledger.consumed.count == ids.count })
                    group.cancelAll()
                }
                #expect(await ledger.deliveries == ids.count)
                #expect(try await client.deleteQueue(Queue.Delete(queue: queue)) == 0)
                try await client.deleteExchange(Exchange.Delete(exchange: exchange))
            }
        }

        @Test func mandatoryUnroutablePublishIsReturned() async throws {
            let broker = try TestBroker()
            let client = AMQPClient(configuration: try brokerConfiguration(broker), logger: quietLogger)
            let exchange = uniqueName("ex-unroutable")
            try await withRunningClient(client) {
                try await client.declareExchange(Exchange.Declare(exchange: exchange, type: "direct", durable: false))
                let error = await amqpError {
                    try await client.publish(
                        message("nowhere"), exchange: exchange, routingKey: "nowhere", mandatory: true)
                }
                #expect(error?.code == .returned)
                #expect(error?.replyCode == 312)
                try await client.deleteExchange(Exchange.Delete(exchange: exchange))
            }
        }

        @Test func aMissingExchangeFailsThatPublishAndTheNextOneWorks() async throws {
            let broker = try TestBroker()
            let client = AMQPClient(configuration: try brokerConfiguration(broker), logger: quietLogger)
            let queue = uniqueName("q-after-404")
            try await withRunningClient(client) {
                _ = try await client.declareQueue(Queue.Declare(queue: queue, durable: false, autoDelete: false))
                let error = await amqpError {
                    try await client.publish(message("x"), exchange: uniqueName("missing"), routingKey: "k")
                }
                #expect(error?.code == .channelClosed)
                #expect(error?.replyCode == 404)
                // A new publishing channel replaces the closed one.
                try await client.publish(message("ok"), exchange: "", routingKey: queue)
                let delivery = try await client.withChannel { try await $0.get(queue: queue) }
                #expect(delivery?.message.properties.messageID == "ok")
                _ = try await client.deleteQueue(Queue.Delete(queue: queue))
            }
        }

        @Test func consumingAMissingQueueThrows() async throws {
            let broker = try TestBroker()
            let client = AMQPClient(configuration: try brokerConfiguration(broker), logger: quietLogger)
            try await withRunningClient(client) {
                let error = await amqpError { try await client.consume(queue: uniqueName("missing"), prefetch: 1) }
                #expect(error?.code == .channelClosed)
                #expect(error?.replyCode == 404)
            }
        }

        @Test func aFailedDeclareIsNotRecorded() async throws {
            let broker = try TestBroker()
            let client = AMQPClient(configuration: try brokerConfiguration(broker), logger: quietLogger)
            let queue = uniqueName("q-inequivalent")
            try await withRunningClient(client) {
                _ = try await client.declareQueue(Queue.Declare(queue: queue, durable: true))
                let error = await amqpError {
                    try await client.declareQueue(Queue.Declare(queue: queue, durable: false))
                }
                #expect(error?.code == .channelClosed)
                #expect(error?.replyCode == 406)
                // The client carries on (its declare channel was short-lived).
                _ = try await client.declareQueue(Queue.Declare(queue: queue, durable: true))
                _ = try await client.deleteQueue(Queue.Delete(queue: queue))
            }
        }

        @Test func aConsumerWhoseChannelIsClosedResumes() async throws {
            let broker = try TestBroker()
            let client = AMQPClient(configuration: try brokerConfiguration(broker), logger: quietLogger)
            let queue = uniqueName("q-double-ack")
            try await withRunningClient(client) {
                _ = try await client.declareQueue(Queue.Declare(queue: queue, durable: true))
                let consumer = try await client.consume(queue: queue, prefetch: 5)
                try await client.publish(message("first"), exchange: "", routingKey: queue)
                var iterator = consumer.makeAsyncIterator()
                let first = try await iterator.next()
                try await first?.ack()
                // A second ack of the same tag is a channel error (406): the broker closes the
                // consumer's channel, and the client starts the consumer again on a new one.
                try await first?.ack()
                try await client.publish(message("second"), exchange: "", routingKey: queue)
                let second = try await iterator.next()
                #expect(second?.message.properties.messageID == "second")
                try await second?.ack()
                _ = try await client.deleteQueue(Queue.Delete(queue: queue))
            }
        }

        @Test func callsWaitForRunAndFailAfterShutdown() async throws {
            let broker = try TestBroker()
            var configuration = try brokerConfiguration(broker)
            configuration.requestTimeout = .milliseconds(300)
            let client = AMQPClient(configuration: configuration, logger: quietLogger)
            let early = await amqpError { try await client.publish(message("early"), exchange: "", routingKey: "x") }
            #expect(early?.code == .timeout)
            #expect(early?.message.contains("run()") == true)

            let queue = uniqueName("q-shutdown")
            let group = ServiceGroup(services: [client], logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                #expect(await eventually { client.isConnected })
                // Auto-delete: it goes away with its consumer at shutdown.
                _ = try await client.declareQueue(Queue.Declare(queue: queue, durable: false, autoDelete: true))
                let consumer = try await client.consume(queue: queue, prefetch: 1)
                tasks.addTask {
                    // Iteration ends (without an error) when the client shuts down.
                    for try await _ in consumer {}
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(!client.isConnected)
            let late = await amqpError { try await client.publish(message("late"), exchange: "", routingKey: "x") }
            #expect(late?.code == .shutDown)
            let again = await amqpError { try await client.run() }
            #expect(again?.code == .invalidUsage)
        }
    }
}
