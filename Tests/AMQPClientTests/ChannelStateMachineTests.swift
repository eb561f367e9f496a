import AMQPWire
import NIOCore
import Testing

@testable import AMQPClient

/// One channel without sockets. Waiters are Ints, consumers Strings.
@Suite struct ChannelStateMachineTests {
    typealias Machine = AMQPChannelStateMachine<Int, String>
    typealias Output = Machine.Output

    func at(_ milliseconds: Int64) -> NIODeadline { .uptimeNanoseconds(UInt64(milliseconds) * 1_000_000) }

    func openMachine() -> Machine {
        var machine = Machine(requestTimeout: .seconds(10), maxBodySize: 1_000_000)
        _ = machine.open(waiter: 0, now: at(0))
        _ = machine.methodReceived(.channelOpenOk)
        return machine
    }

    /// An open channel with consumer "A" registered under tag "c1".
    func consumingMachine() -> Machine {
        var machine = openMachine()
        _ = machine.requestSent(.basicConsume(Basic.Consume(queue: "q")), waiter: 1, consumer: "A", now: at(0))
        _ = machine.methodReceived(.basicConsumeOk(consumerTag: "c1"))
        return machine
    }

    func deliver(_ tag: UInt64, consumer: String = "c1") -> AMQPMethod {
        .basicDeliver(
            Basic.Deliver(consumerTag: consumer, deliveryTag: tag, redelivered: false, exchange: "ex", routingKey: "rk")
        )
    }

    func header(_ size: UInt64, messageID: String? = nil) -> AMQPContentHeader {
        AMQPContentHeader(bodySize: size, properties: AMQPProperties(messageID: messageID))
    }

    func success(_ waiter: Int, _ reply: AMQPReply) -> Machine.Completion {
        Machine.Completion(waiter: waiter, result: .success(reply))
    }

    @Test func openSendsChannelOpenAndOpenOkOpens() {
        var machine = Machine(requestTimeout: .seconds(10), maxBodySize: 100)
        #expect(machine.rejection?.code == .invalidUsage)
        #expect(machine.open(waiter: 7, now: at(0)) == Output(send: [.channelOpen]))
        #expect(machine.state == .opening)
        #expect(machine.methodReceived(.channelOpenOk) == Output(completions: [success(7, .method(.channelOpenOk))]))
        #expect(machine.state == .open)
        #expect(machine.rejection == nil)
    }

    @Test func aStragglerDeliveryWhileOpeningIsDropped() {
        var machine = Machine(requestTimeout: .seconds(10), maxBodySize: 100)
        _ = machine.open(waiter: 1, now: at(0))
        #expect(machine.methodReceived(deliver(4)) == Output())
        #expect(machine.headerReceived(header(2)) == Output())
        #expect(machine.bodyReceived(ByteBuffer(string: "hi")) == Output())
        #expect(machine.methodReceived(.channelOpenOk) == Output(completions: [success(1, .method(.channelOpenOk))]))
    }

    @Test func repliesAnswerRequestsInOrder() {
        var machine = openMachine()
        _ = machine.requestSent(.queueDeclare(Queue.Declare(queue: "q")), waiter: 1, now: at(0))
        _ = machine.requestSent(
            .queueBind(Queue.Bind(queue: "q", exchange: "ex", routingKey: "k")), waiter: 2, now: at(0))
        _ = machine.requestSent(.basicQos(Basic.Qos(prefetchCount: 5)), waiter: 3, now: at(0))
        #expect(machine.pendingRequestCount == 3)
        let declareOk = Queue.DeclareOk(queue: "q", messageCount: 4, consumerCount: 0)
        #expect(
            machine.methodReceived(.queueDeclareOk(declareOk))
                == Output(completions: [success(1, .method(.queueDeclareOk(declareOk)))]))
        #expect(machine.methodReceived(.queueBindOk) == Output(completions: [success(2, .method(.queueBindOk))]))
        #expect(machine.methodReceived(.basicQosOk) == Output(completions: [success(3, .method(.basicQosOk))]))
        #expect(machine.pendingRequestCount == 0)
    }

    @Test func aReplyToAnotherRequestIsUnexpectedFrame() {
        var machine = openMachine()
        _ = machine.requestSent(.queueDeclare(Queue.Declare(queue: "q")), waiter: 1, now: at(0))
        let output = machine.methodReceived(.queueBindOk)
        #expect(output.connectionError?.code == .protocolError)
        #expect(output.connectionError?.replyCode == 505)
        #expect(output.completions.isEmpty)
    }

    @Test func aReplyNobodyAskedForIsUnexpectedFrame() {
        var machine = openMachine()
        #expect(machine.methodReceived(.exchangeDeclareOk).connectionError?.replyCode == 505)
        // A method the broker never sends a client.
        #expect(machine.methodReceived(.queueDeclare(Queue.Declare(queue: "x"))).connectionError?.replyCode == 505)
    }

    @Test func requestsOnAClosedChannelAreRejected() {
        var machine = openMachine()
        _ = machine.methodReceived(.channelClose(Close(replyCode: 404, replyText: "NOT_FOUND - no queue 'q'")))
        #expect(machine.rejection?.code == .channelClosed)
        #expect(machine.rejection?.replyCode == 404)
        let output = machine.requestSent(.queuePurge(queue: "q", noWait: false), waiter: 9, now: at(0))
        #expect(output.completions.map(\.waiter) == [9])
    }

    @Test func deliveryIsAssembledFromSplitBodyFrames() {
        var machine = consumingMachine()
        #expect(machine.methodReceived(deliver(1)) == Output())
        #expect(machine.headerReceived(header(10, messageID: "m1")) == Output())
        #expect(machine.bodyReceived(ByteBuffer(string: "0123")) == Output())
        #expect(machine.bodyReceived(ByteBuffer(string: "45")) == Output())
        let output = machine.bodyReceived(ByteBuffer(string: "6789"))
        let delivery = output.delivery
        #expect(delivery?.consumer == "A")
        #expect(delivery?.deliver.deliveryTag == 1)
        #expect(delivery?.message.body == ByteBuffer(string: "0123456789"))
        #expect(delivery?.message.properties.messageID == "m1")
        // The next message starts cleanly.
        _ = machine.methodReceived(deliver(2))
        _ = machine.headerReceived(header(3))
        #expect(machine.bodyReceived(ByteBuffer(string: "abc")).delivery?.message.body == ByteBuffer(string: "abc"))
    }

    @Test func anEmptyBodyCompletesAtTheHeader() {
        var machine = consumingMachine()
        _ = machine.methodReceived(deliver(1))
        let output = machine.headerReceived(header(0))
        #expect(output.delivery?.message.body.readableBytes == 0)
    }

    @Test func aHeaderWithoutAContentMethodIsUnexpectedFrame() {
        var machine = consumingMachine()
        #expect(machine.headerReceived(header(3)).connectionError?.replyCode == 505)
    }

    @Test func aBodyWithoutAHeaderIsUnexpectedFrame() {
        var machine = consumingMachine()
        #expect(machine.bodyReceived(ByteBuffer(string: "x")).connectionError?.replyCode == 505)
        var second = consumingMachine()
        _ = second.methodReceived(deliver(1))
        #expect(second.bodyReceived(ByteBuffer(string: "x")).connectionError?.replyCode == 505)
    }

    @Test func aMethodInsideContentIsUnexpectedFrame() {
        var machine = consumingMachine()
        _ = machine.methodReceived(deliver(1))
        _ = machine.headerReceived(header(5))
        _ = machine.bodyReceived(ByteBuffer(string: "ab"))
        #expect(machine.methodReceived(deliver(2)).connectionError?.replyCode == 505)
    }

    @Test func bodyFramesLongerThanAnnouncedAreUnexpectedFrame() {
        var machine = consumingMachine()
        _ = machine.methodReceived(deliver(1))
        _ = machine.headerReceived(header(4))
        _ = machine.bodyReceived(ByteBuffer(string: "abc"))
        let output = machine.bodyReceived(ByteBuffer(string: "de"))
        #expect(output.connectionError?.replyCode == 505)
        #expect(output.delivery == nil)
    }

    @Test func aBodyAboveTheSizeLimitIsRefusedAtTheHeader() {
        var machine = Machine(requestTimeout: .seconds(10), maxBodySize: 100)
        _ = machine.open(waiter: 0, now: at(0))
        _ = machine.methodReceived(.channelOpenOk)
        _ = machine.methodReceived(deliver(1))
        #expect(machine.headerReceived(header(UInt64.max)).connectionError?.replyCode == 501)
    }

    @Test func aHeaderForAnotherClassIsUnexpectedFrame() {
        var machine = consumingMachine()
        _ = machine.methodReceived(deliver(1))
        #expect(
            machine.headerReceived(AMQPContentHeader(classID: 50, bodySize: 1, properties: AMQPProperties()))
                .connectionError?.replyCode == 505)
    }

    @Test func basicGetReturnsTheMessageOrEmpty() {
        var machine = openMachine()
        _ = machine.requestSent(.basicGet(queue: "q", noAck: false), waiter: 5, now: at(0))
        _ = machine.requestSent(.basicGet(queue: "q", noAck: false), waiter: 6, now: at(0))
        let getOk = Basic.GetOk(deliveryTag: 1, redelivered: true, exchange: "", routingKey: "q", messageCount: 0)
        #expect(machine.methodReceived(.basicGetOk(getOk)) == Output())
        _ = machine.headerReceived(header(2))
        let message = AMQPMessage(body: ByteBuffer(string: "hi"), properties: AMQPProperties())
        #expect(
            machine.bodyReceived(ByteBuffer(string: "hi"))
                == Output(completions: [success(5, .message(getOk, message))]))
        #expect(machine.methodReceived(.basicGetEmpty) == Output(completions: [success(6, .method(.basicGetEmpty))]))
    }

    @Test func getOkNobodyAskedForIsUnexpectedFrame() {
        var machine = openMachine()
        let getOk = Basic.GetOk(deliveryTag: 1, redelivered: false, exchange: "", routingKey: "q", messageCount: 0)
        #expect(machine.methodReceived(.basicGetOk(getOk)).connectionError?.replyCode == 505)
    }

    @Test func aDeliveryForAnUnknownConsumerIsRejectedBackToItsQueue() {
        var machine = consumingMachine()
        let dropped = machine.consumerDropped(tag: "c1")
        #expect(dropped)
        _ = machine.methodReceived(deliver(9))
        #expect(machine.headerReceived(header(0)) == Output(send: [.basicReject(deliveryTag: 9, requeue: true)]))
    }

    @Test func serverChannelCloseIsAnsweredAndFailsEverything() {
        var machine = consumingMachine()
        _ = machine.requestSent(.confirmSelect(noWait: false), waiter: 2, now: at(0))
        _ = machine.methodReceived(.confirmSelectOk)
        _ = machine.publishSent(Basic.Publish(exchange: "ex", routingKey: "k"), waiter: 3)
        _ = machine.requestSent(.queueDeclare(Queue.Declare(queue: "missing", passive: true)), waiter: 4, now: at(0))

        let output = machine.methodReceived(
            .channelClose(Close(replyCode: 404, replyText: "NOT_FOUND - no queue 'missing'")))
        #expect(output.send == [.channelCloseOk])
        #expect(output.completions.map(\.waiter) == [4, 3])
        for completion in output.completions {
            guard case .failure(let error) = completion.result else {
                Issue.record("expected a failure")
                continue
            }
            #expect(error.code == .channelClosed)
            #expect(error.replyCode == 404)
            #expect(error.message.contains("NOT_FOUND"))
        }
        #expect(output.endedConsumers.map(\.consumer) == ["A"])
        #expect(output.endedConsumers.first?.error?.code == .channelClosed)
        #expect(output.channelClosed)
        #expect(machine.state == .closed)
        // Late frames are ignored.
        #expect(
            machine.methodReceived(.queueDeclareOk(Queue.DeclareOk(queue: "q", messageCount: 0, consumerCount: 0)))
                == Output())
    }

    @Test func serverCancelEndsTheConsumerWithAnError() {
        var machine = consumingMachine()
        let output = machine.methodReceived(.basicCancel(consumerTag: "c1", noWait: true))
        #expect(output.send == [])
        #expect(output.endedConsumers.map(\.consumer) == ["A"])
        #expect(output.endedConsumers.first?.error?.code == .consumerCancelled)
        #expect(machine.consumerTags.isEmpty)

        var other = consumingMachine()
        #expect(
            other.methodReceived(.basicCancel(consumerTag: "c1", noWait: false)).send == [
                .basicCancelOk(consumerTag: "c1")
            ])
    }

    @Test func clientCancelEndsTheConsumerNormally() {
        var machine = consumingMachine()
        _ = machine.requestSent(.basicCancel(consumerTag: "c1", noWait: false), waiter: 8, now: at(0))
        let output = machine.methodReceived(.basicCancelOk(consumerTag: "c1"))
        #expect(output.completions == [success(8, .method(.basicCancelOk(consumerTag: "c1")))])
        #expect(output.endedConsumers == [Machine.EndedConsumer(consumer: "A", error: nil)])
    }

    @Test func clientCloseWaitsForCloseOk() {
        var machine = consumingMachine()
        #expect(machine.close(waiter: 3) == Output(send: [.channelClose(Close(replyCode: 200, replyText: "Goodbye"))]))
        #expect(machine.state == .closing)
        #expect(machine.rejection != nil)
        // Deliveries in flight are dropped (the broker requeues them on close).
        _ = machine.methodReceived(deliver(4))
        #expect(machine.headerReceived(header(0)) == Output())
        let output = machine.methodReceived(.channelCloseOk)
        #expect(output.completions == [success(3, .done)])
        #expect(output.endedConsumers == [Machine.EndedConsumer(consumer: "A", error: nil)])
        #expect(output.channelClosed)
        #expect(machine.closeReason == nil)
        #expect(machine.rejection?.code == .shutDown)
        #expect(machine.close(waiter: 4) == Output(completions: [success(4, .done)]))
    }

    @Test func closeOkWithoutCloseIsUnexpectedFrame() {
        var machine = openMachine()
        #expect(machine.methodReceived(.channelCloseOk).connectionError?.replyCode == 505)
    }

    @Test func publishWithoutConfirmsIsDoneWhenWritten() {
        var machine = openMachine()
        #expect(
            machine.publishSent(Basic.Publish(exchange: "", routingKey: "q"), waiter: 1)
                == Output(completions: [success(1, .done)]))
    }

    @Test func publishWithConfirmsWaitsForTheAck() {
        var machine = openMachine()
        _ = machine.requestSent(.confirmSelect(noWait: false), waiter: 1, now: at(0))
        // Publishes written right after confirm.select are already counted.
        #expect(machine.publishSent(Basic.Publish(exchange: "", routingKey: "q"), waiter: 2) == Output())
        _ = machine.methodReceived(.confirmSelectOk)
        #expect(machine.publishSent(Basic.Publish(exchange: "", routingKey: "q"), waiter: 3) == Output())
        #expect(
            machine.methodReceived(.basicAck(deliveryTag: 2, multiple: true))
                == Output(completions: [success(2, .done), success(3, .done)]))
    }

    @Test func nackAndReturnFailThePublish() {
        var machine = openMachine()
        _ = machine.requestSent(.confirmSelect(noWait: false), waiter: 1, now: at(0))
        _ = machine.methodReceived(.confirmSelectOk)
        _ = machine.publishSent(Basic.Publish(exchange: "ex", routingKey: "nowhere", mandatory: true), waiter: 2)
        _ = machine.publishSent(Basic.Publish(exchange: "ex", routingKey: "k"), waiter: 3)
        _ = machine.methodReceived(
            .basicReturn(Basic.Return(replyCode: 312, replyText: "NO_ROUTE", exchange: "ex", routingKey: "nowhere")))
        _ = machine.headerReceived(header(1))
        _ = machine.bodyReceived(ByteBuffer(string: "x"))
        let returned = machine.methodReceived(.basicAck(deliveryTag: 1, multiple: false))
        guard case .failure(let error) = returned.completions.first?.result else {
            Issue.record("expected the return")
            return
        }
        #expect(error.code == .returned)
        #expect(error.replyCode == 312)
        let nacked = machine.methodReceived(.basicNack(deliveryTag: 2, multiple: false, requeue: false))
        guard case .failure(let nackError) = nacked.completions.first?.result else {
            Issue.record("expected the nack")
            return
        }
        #expect(nackError.code == .nacked)
    }

    @Test func anAckWithoutConfirmModeIsUnexpectedFrame() {
        var machine = openMachine()
        #expect(machine.methodReceived(.basicAck(deliveryTag: 1, multiple: false)).connectionError?.replyCode == 505)
    }

    @Test func channelFlowIsAnswered() {
        var machine = openMachine()
        #expect(machine.methodReceived(.channelFlow(active: false)) == Output(send: [.channelFlowOk(active: false)]))
    }

    @Test func aRequestWithoutReplyTimesOutAndClosesTheChannel() {
        var machine = consumingMachine()
        _ = machine.requestSent(.queueDeclare(Queue.Declare(queue: "q")), waiter: 5, now: at(1_000))
        #expect(machine.tick(now: at(10_999)) == Output())
        let output = machine.tick(now: at(11_000))
        #expect(output.completions.map(\.waiter) == [5])
        guard case .failure(let error) = output.completions.first?.result else {
            Issue.record("expected a timeout")
            return
        }
        #expect(error.code == .timeout)
        #expect(output.send == [.channelClose(Close(replyCode: 200, replyText: "request timed out"))])
        #expect(output.endedConsumers.first?.error?.code == .timeout)
        #expect(machine.state == .closing)
        // The late reply is discarded; close-ok finishes.
        #expect(
            machine.methodReceived(.queueDeclareOk(Queue.DeclareOk(queue: "q", messageCount: 0, consumerCount: 0)))
                == Output())
        #expect(machine.methodReceived(.channelCloseOk).channelClosed)
        #expect(machine.closeReason?.code == .timeout)
    }

    @Test func connectionLossFailsEverythingOnce() {
        var machine = consumingMachine()
        _ = machine.requestSent(.basicQos(Basic.Qos(prefetchCount: 1)), waiter: 2, now: at(0))
        let lost = AMQPClientError(.connectionLost, "gone")
        let output = machine.connectionClosed(lost)
        #expect(output.completions == [Machine.Completion(waiter: 2, result: .failure(lost))])
        #expect(output.endedConsumers == [Machine.EndedConsumer(consumer: "A", error: lost)])
        #expect(output.channelClosed)
        #expect(machine.connectionClosed(lost) == Output())
    }

    @Test func everySynchronousRequestKnowsItsReply() {
        let pairs: [(AMQPMethod, AMQPMethod)] = [
            (.exchangeDeclare(Exchange.Declare(exchange: "e", type: "topic")), .exchangeDeclareOk),
            (.exchangeDelete(Exchange.Delete(exchange: "e")), .exchangeDeleteOk),
            (.queueDelete(Queue.Delete(queue: "q")), .queueDeleteOk(messageCount: 1)),
            (.queuePurge(queue: "q", noWait: false), .queuePurgeOk(messageCount: 1)),
            (.queueUnbind(Queue.Unbind(queue: "q", exchange: "e", routingKey: "k")), .queueUnbindOk),
            (.confirmSelect(noWait: false), .confirmSelectOk),
        ]
        for (request, reply) in pairs {
            #expect(Machine.isReply(reply, to: request))
            #expect(!Machine.isReply(.basicQosOk, to: request))
        }
    }
}
