import AMQPClient
import AMQPTestSupport
import AMQPWire
import Foundation
import NIOCore
import Testing

extension BrokerTests {
    /// One connection: handshake, channels, topology, confirms, consumers.
    @Suite struct ConnectionTests {
        @Test func connectOpenChannelAndClose() async throws {
            let broker = try TestBroker()
            let connection = try await AMQPConnection.connect(try brokerConfiguration(broker), logger: quietLogger)
            #expect(connection.isOpen)
            #expect(!connection.isBlocked)
            let channel = try await connection.openChannel()
            #expect(channel.isOpen)
            try await channel.close()
            #expect(!channel.isOpen)
            #expect(await channel.closed() == nil)
            try await connection.close()
            #expect(await connection.closed() == nil)
            #expect(!connection.isOpen)
            #expect(await amqpError { try await connection.openChannel() }?.code == .shutDown)
        }

        @Test func heartbeatsKeepAnIdleConnectionAlive() async throws {
            let broker = try TestBroker()
            var configuration = try brokerConfiguration(broker)
            configuration.heartbeat = .seconds(1)
            let connection = try await AMQPConnection.connect(configuration, logger: quietLogger)
            // The broker drops a peer it has not heard from for two intervals.
            try await Task.sleep(for: .seconds(4))
            #expect(connection.isOpen)
            let channel = try await connection.openChannel()
            try await channel.close()
            try await connection.close()
            #expect(await connection.closed() == nil)
        }

        @Test func aForcedCloseIsReportedAndFailsWorkInFlight() async throws {
            let broker = try TestBroker()
            let name = uniqueName("forced")
            let connection = try await AMQPConnection.connect(
                try brokerConfiguration(broker, name: name), logger: quietLogger)
            let queue = uniqueName("q-forced")
            let channel = try await connection.openChannel()
            _ = try await channel.declareQueue(Queue.Declare(queue: queue, durable: false))
            try await channel.confirmSelect()
            try await channel.publish(message("held"), exchange: "", routingKey: queue)
            let delivery = try #require(try await channel.get(queue: queue))

            #expect(try await broker.closeConnections(named: name) == 1)
            let reason = await connection.closed()
            #expect(reason?.code == .connectionClosed)
            #expect(reason?.replyCode == 320)
            #expect(!connection.isOpen)
            #expect(!channel.isOpen)
            // Too late to acknowledge: the broker requeues it.
            #expect(await amqpError { try await delivery.ack() }?.code == .staleDelivery)
            #expect(
                await amqpError { try await channel.publish(message("late"), exchange: "", routingKey: queue) }?.code
                    == .connectionLost)

            try await withConnection(broker) { connection in
                let channel = try await connection.openChannel()
                let again = try await channel.get(queue: queue)
                #expect(again?.redelivered == true)
                #expect(again?.message.properties.messageID == "held")
                try await again?.ack()
                #expect(try await channel.deleteQueue(Queue.Delete(queue: queue)) == 0)
            }
        }

        @Test func wrongPasswordIsAnAuthenticationFailure() async throws {
            var configuration = try brokerConfiguration(try TestBroker())
            configuration.password = "not-the-password"
            let error = await amqpError { try await AMQPConnection.connect(configuration, logger: quietLogger) }
            #expect(error?.code == .authenticationFailed)
        }

        @Test func unknownVirtualHostIsRefused() async throws {
            var configuration = try brokerConfiguration(try TestBroker())
            configuration.virtualHost = "no-such-vhost-\(UUID().uuidString)"
            let error = await amqpError { try await AMQPConnection.connect(configuration, logger: quietLogger) }
            #expect(error?.code == .connectionClosed)
            #expect(error?.replyCode == 530)
        }

        @Test func nothingListeningIsConnectFailed() async throws {
            var configuration = try brokerConfiguration(try TestBroker())
            configuration.host = "127.0.0.1"
            configuration.port = 1
            let error = await amqpError { try await AMQPConnection.connect(configuration, logger: quietLogger) }
            #expect(error?.code == .connectFailed)
        }

        @Test func publishWithConfirmsAndConsumeWithManualAcksCountsExactly() async throws {
            let broker = try TestBroker()
            try await withConnection(broker) { connection in
                let exchange = uniqueName("ex")
                let queue = uniqueName("q")
                let channel = try await connection.openChannel()
                try await channel.declareExchange(Exchange.Declare(exchange: exchange, type: "direct", durable: false))
                let declared = try await channel.declareQueue(Queue.Declare(queue: queue, durable: false))
                #expect(declared.queue == queue)
                #expect(declared.messageCount == 0)
                try await channel.bindQueue(Queue.Bind(queue: queue, exchange: exchange, routingKey: "work"))
                try await channel.confirmSelect()

                let count = 1000
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<count {
                        group.addTask {
                            try await channel.publish(message("m-\(index)"), exchange: exchange, routingKey: "work")
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(
                    try await channel.declareQueue(Queue.Declare(queue: queue, passive: true)).messageCount
                        == UInt32(count))

                let consumerChannel = try await connection.openChannel()
                try await consumerChannel.qos(prefetchCount: 50)
                let consumer = try await consumerChannel.consume(queue: queue)
                var seen = Set<String>()
                for try await delivery in consumer {
                    #expect(!delivery.redelivered)
                    #expect(delivery.exchange == exchange)
                    #expect(delivery.routingKey == "work")
                    #expect(String(buffer: delivery.message.body) == delivery.message.properties.messageID)
                    seen.insert(delivery.message.properties.messageID ?? "")
                    try await delivery.ack()
                    if seen.count == count { break }
                }
                #expect(seen.count == count)
                try await consumerChannel.cancel(consumerTag: consumer.consumerTag)
                #expect(try await channel.deleteQueue(Queue.Delete(queue: queue)) == 0)
                try await channel.deleteExchange(Exchange.Delete(exchange: exchange))
            }
        }

        @Test func largeMessagesAreSplitAndReassembled() async throws {
            let broker = try TestBroker()
            try await withConnection(broker) { connection in
                let queue = uniqueName("q-large")
                let channel = try await connection.openChannel()
                _ = try await channel.declareQueue(Queue.Declare(queue: queue, durable: false, autoDelete: false))
                try await channel.confirmSelect()
                var body = ByteBuffer()
                for index in 0..<300_000 { body.writeInteger(UInt8(truncatingIfNeeded: index)) }
                try await channel.publish(AMQPMessage(body: body), exchange: "", routingKey: queue)
                let delivery = try await channel.get(queue: queue)
                #expect(delivery?.message.body == body)
                try await delivery?.ack()
                #expect(try await channel.get(queue: queue) == nil)
                _ = try await channel.deleteQueue(Queue.Delete(queue: queue))
            }
        }

        @Test func mandatoryPublishToAnUnroutableKeyIsReturned() async throws {
            let broker = try TestBroker()
            try await withConnection(broker) { connection in
                let exchange = uniqueName("ex-unroutable")
                let channel = try await connection.openChannel()
                try await channel.declareExchange(Exchange.Declare(exchange: exchange, type: "direct", durable: false))
                try await channel.confirmSelect()
                let error = await amqpError {
                    try await channel.publish(
                        message("lost"), exchange: exchange, routingKey: "nowhere", mandatory: true)
                }
                #expect(error?.code == .returned)
                #expect(error?.replyCode == 312)
                // Without mandatory the broker drops it and confirms.
                try await channel.publish(message("dropped"), exchange: exchange, routingKey: "nowhere")
                try await channel.deleteExchange(Exchange.Delete(exchange: exchange))
            }
        }

        @Test func nackWithRequeueRedeliversWithRedeliveredSet() async throws {
            let broker = try TestBroker()
            try await withConnection(broker) { connection in
                let queue = uniqueName("q-nack")
                let channel = try await connection.openChannel()
                _ = try await channel.declareQueue(Queue.Declare(queue: queue, durable: false))
                try await channel.confirmSelect()
                try await channel.publish(message("again"), exchange: "", routingKey: queue)

                let consumer = try await channel.consume(queue: queue)
                var iterator = consumer.makeAsyncIterator()
                let first = try await iterator.next()
                #expect(first?.redelivered == false)
                try await first?.nack(requeue: true)
                let second = try await iterator.next()
                #expect(second?.redelivered == true)
                #expect(second?.message.properties.messageID == "again")
                try await second?.reject(requeue: false)
                try await channel.cancel(consumerTag: consumer.consumerTag)
                #expect(try await channel.deleteQueue(Queue.Delete(queue: queue)) == 0)
            }
        }

        @Test func unackedMessagesOfAClosedChannelReturnToTheQueue() async throws {
            let broker = try TestBroker()
            try await withConnection(broker) { connection in
                let queue = uniqueName("q-unacked")
                let admin = try await connection.openChannel()
                _ = try await admin.declareQueue(Queue.Declare(queue: queue, durable: false))
                try await admin.confirmSelect()
                for index in 0..<3 { try await admin.publish(message("u-\(index)"), exchange: "", routingKey: queue) }

                let channel = try await connection.openChannel()
                let consumer = try await channel.consume(queue: queue)
                var received: [AMQPDelivery] = []
                for try await delivery in consumer {
                    received.append(delivery)
                    if received.count == 3 { break }
                }
                try await channel.close()
                // The delivery's channel is gone: acking it is stale.
                #expect(await amqpError { try await received[0].ack() }?.code == .staleDelivery)

                let again = try await admin.consume(queue: queue)
                var redelivered = 0
                for try await delivery in again {
                    #expect(delivery.redelivered)
                    try await delivery.ack()
                    redelivered += 1
                    if redelivered == 3 { break }
                }
                #expect(redelivered == 3)
                try await admin.cancel(consumerTag: again.consumerTag)
                _ = try await admin.deleteQueue(Queue.Delete(queue: queue))
            }
        }

        @Test func aChannelErrorClosesOnlyThatChannel() async throws {
            let broker = try TestBroker()
            try await withConnection(broker) { connection in
                let channel = try await connection.openChannel()
                let error = await amqpError {
                    try await channel.declareQueue(Queue.Declare(queue: uniqueName("missing"), passive: true))
                }
                #expect(error?.code == .channelClosed)
                #expect(error?.replyCode == 404)
                #expect(!channel.isOpen)
                #expect(await channel.closed()?.replyCode == 404)
                #expect(await amqpError { try await channel.purgeQueue("x") }?.code == .channelClosed)
                // The connection carries on.
                let other = try await connection.openChannel()
                let queue = uniqueName("q-after")
                _ = try await other.declareQueue(Queue.Declare(queue: queue, durable: false))
                _ = try await other.deleteQueue(Queue.Delete(queue: queue))
            }
        }

        @Test func publishingToAMissingExchangeFailsTheConfirmWithChannelClosed() async throws {
            let broker = try TestBroker()
            try await withConnection(broker) { connection in
                let channel = try await connection.openChannel()
                try await channel.confirmSelect()
                let error = await amqpError {
                    try await channel.publish(message("x"), exchange: uniqueName("no-exchange"), routingKey: "k")
                }
                #expect(error?.code == .channelClosed)
                #expect(error?.replyCode == 404)
            }
        }

        @Test func deletingAConsumedQueueCancelsTheConsumerWithAnError() async throws {
            let broker = try TestBroker()
            try await withConnection(broker) { connection in
                let queue = uniqueName("q-cancelled")
                let channel = try await connection.openChannel()
                _ = try await channel.declareQueue(Queue.Declare(queue: queue, durable: false))
                let consumer = try await channel.consume(queue: queue)
                let admin = try await connection.openChannel()
                _ = try await admin.deleteQueue(Queue.Delete(queue: queue))
                let error = await amqpError {
                    for try await _ in consumer {}
                }
                #expect(error?.code == .consumerCancelled)
                #expect(channel.isOpen)
            }
        }

        @Test func namesLongerThanAShortStringAreRejectedWithoutBreakingTheChannel() async throws {
            let broker = try TestBroker()
            try await withConnection(broker) { connection in
                let channel = try await connection.openChannel()
                let error = await amqpError {
                    try await channel.declareQueue(Queue.Declare(queue: String(repeating: "q", count: 300)))
                }
                #expect(error?.code == .invalidArgument)
                let queue = uniqueName("q-ok")
                _ = try await channel.declareQueue(Queue.Declare(queue: queue, durable: false))
                _ = try await channel.deleteQueue(Queue.Delete(queue: queue))
            }
        }
    }
}
