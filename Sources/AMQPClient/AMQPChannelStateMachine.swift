import AMQPWire
import ClientSupport
import NIOCore

/// One channel's protocol logic as a pure value; the connection handler feeds it the frames of its
/// channel and performs the `Output` it returns, so every rule here is tested without sockets.
///
/// opening → open → closing → closed
///
/// Synchronous requests (declare, bind, qos, consume, get …) are answered strictly in order, so
/// they wait in a FIFO and each reply must be the one the oldest request expects. Content
/// (deliver, return, get-ok) arrives as a method frame, a header frame and body frames until the
/// announced size; anything out of that order is a connection error 505 (UNEXPECTED_FRAME).
/// `Waiter` is whoever is resumed with a result; `Consumer` receives deliveries (a continuation
/// and a stream in production, plain values in tests).
struct AMQPChannelStateMachine<Waiter, Consumer> {
    enum State: Equatable {
        case opening
        case open
        /// channel.close sent, waiting for close-ok.
        case closing
        case closed
    }

    struct Completion {
        var waiter: Waiter
        var result: Result<AMQPReply, AMQPClientError>
    }

    struct Delivery {
        var consumer: Consumer
        var deliver: Basic.Deliver
        var message: AMQPMessage
    }

    struct EndedConsumer {
        var consumer: Consumer
        /// Nil when the client ended it (basic.cancel, channel.close).
        var error: AMQPClientError?
    }

    /// Everything one event asks the driver to do, in this order: write `send` on this channel,
    /// resume `completions`, hand over `delivery`, end `endedConsumers`; then, if `channelClosed`,
    /// forget the channel; if `connectionError`, close the whole connection with its reply code.
    struct Output {
        var send: [AMQPMethod] = []
        var completions: [Completion] = []
        var delivery: Delivery?
        var endedConsumers: [EndedConsumer] = []
        var channelClosed = false
        var connectionError: AMQPClientError?
    }

    private struct PendingRequest {
        var request: AMQPMethod
        var waiter: Waiter
        /// For basic.consume: registered under the tag basic.consume-ok names.
        var consumer: Consumer?
        var deadline: NIODeadline
    }

    private enum ContentKind {
        case deliver(Basic.Deliver)
        case returned(Basic.Return)
        case getOk(Basic.GetOk)
    }

    private enum Content {
        case awaitingHeader(ContentKind)
        case awaitingBody(ContentKind, AMQPProperties, bodySize: UInt64, received: ByteBuffer)
    }

    private(set) var state: State = .opening
    /// Why the channel ended; nil while it is up, and when the client closed it.
    private(set) var closeReason: AMQPClientError?
    private(set) var confirms = AMQPConfirmTracker<Waiter>()
    private var requests = FIFO<PendingRequest>()
    private var consumers: [String: Consumer] = [:]
    private var content: Content?
    private var closeWaiters: [Waiter] = []
    private let requestTimeout: TimeAmount
    private let maxBodySize: UInt64

    init(requestTimeout: TimeAmount, maxBodySize: UInt64) {
        self.requestTimeout = requestTimeout
        self.maxBodySize = maxBodySize
    }

    var pendingRequestCount: Int { requests.count }
    var consumerTags: [String] { consumers.keys.sorted() }

    // MARK: Requests from the client

    mutating func open(waiter: Waiter, now: NIODeadline) -> Output {
        guard state == .opening, requests.isEmpty else {
            return Output(completions: [Completion(waiter: waiter, result: .failure(rejectionError))])
        }
        requests.append(
            PendingRequest(request: .channelOpen, waiter: waiter, consumer: nil, deadline: now + requestTimeout))
        return Output(send: [.channelOpen])
    }

    /// Why a request cannot be sent now; nil when the channel takes requests.
    var rejection: AMQPClientError? {
        state == .open ? nil : rejectionError
    }

    private var rejectionError: AMQPClientError {
        switch state {
        case .opening: AMQPClientError(.invalidUsage, "the channel is not open yet")
        case .open, .closing, .closed: closeReason ?? AMQPClientError(.shutDown, "the channel was closed")
        }
    }

    /// The driver wrote a synchronous `request` (checked with `rejection` first); its reply will
    /// resume `waiter`. confirm.select switches publisher confirms on from here.
    mutating func requestSent(_ request: AMQPMethod, waiter: Waiter, consumer: Consumer? = nil, now: NIODeadline)
        -> Output
    {
        if let rejection {
            return Output(completions: [Completion(waiter: waiter, result: .failure(rejection))])
        }
        if case .confirmSelect = request { confirms.enable() }
        requests.append(
            PendingRequest(request: request, waiter: waiter, consumer: consumer, deadline: now + requestTimeout))
        return Output()
    }

    /// The driver wrote a basic.publish with its content. Without confirms it is done; with
    /// confirms `waiter` waits for the broker's ack, nack or return.
    mutating func publishSent(_ publish: Basic.Publish, waiter: Waiter) -> Output {
        if let rejection {
            return Output(completions: [Completion(waiter: waiter, result: .failure(rejection))])
        }
        guard confirms.isEnabled else {
            return Output(completions: [Completion(waiter: waiter, result: .success(.done))])
        }
        _ = confirms.published(
            waiter: waiter, mandatory: publish.mandatory, exchange: publish.exchange, routingKey: publish.routingKey)
        return Output()
    }

    /// A consumer whose stream was dropped: forget it (the driver sends basic.cancel no-wait);
    /// deliveries still in flight for it are rejected back to the queue.
    mutating func consumerDropped(tag: String) -> Bool {
        guard state == .open else { return false }
        return consumers.removeValue(forKey: tag) != nil
    }

    mutating func close(waiter: Waiter) -> Output {
        switch state {
        case .opening, .open:
            state = .closing
            closeWaiters.append(waiter)
            return Output(send: [.channelClose(Close(replyCode: AMQPReplyCode.success, replyText: "Goodbye"))])
        case .closing:
            closeWaiters.append(waiter)
            return Output()
        case .closed:
            return Output(completions: [Completion(waiter: waiter, result: .success(.done))])
        }
    }

    // MARK: Frames from the broker

    mutating func methodReceived(_ method: AMQPMethod) -> Output {
        guard state != .closed else { return Output() }
        if content != nil {
            return violation(AMQPReplyCode.unexpectedFrame, "expected a content header or body, got \(method.name)")
        }
        switch method {
        case .channelClose(let close):
            let error = AMQPClientError(
                .channelClosed, "the broker closed the channel: \(close.replyCode) \(close.replyText)",
                replyCode: close.replyCode)
            var output = shutDown(error)
            output.send.insert(.channelCloseOk, at: 0)
            return output
        case .channelCloseOk:
            guard state == .closing else { return unexpected(method) }
            return shutDown(nil)
        case .basicDeliver(let deliver):
            // While opening this can only be a straggler of the channel that had this number
            // before; it is assembled and dropped (the broker requeues it with that channel).
            content = .awaitingHeader(.deliver(deliver))
            return Output()
        case .basicReturn(let returned):
            content = .awaitingHeader(.returned(returned))
            return Output()
        case .basicGetOk(let getOk):
            guard let first = requests.first, case .basicGet = first.request else { return unexpected(method) }
            content = .awaitingHeader(.getOk(getOk))
            return Output()
        case .basicAck(let deliveryTag, let multiple):
            guard confirms.isEnabled else { return unexpected(method) }
            return confirmed(confirms.ackReceived(deliveryTag: deliveryTag, multiple: multiple))
        case .basicNack(let deliveryTag, let multiple, _):
            guard confirms.isEnabled else { return unexpected(method) }
            return confirmed(confirms.nackReceived(deliveryTag: deliveryTag, multiple: multiple))
        case .basicCancel(let tag, let noWait):
            var output = Output(send: noWait ? [] : [.basicCancelOk(consumerTag: tag)])
            if let consumer = consumers.removeValue(forKey: tag) {
                let error = AMQPClientError(
                    .consumerCancelled, "the broker cancelled consumer '\(tag)' (was its queue deleted?)")
                output.endedConsumers.append(EndedConsumer(consumer: consumer, error: error))
            }
            return output
        case .channelFlow(let active):
            return Output(send: [.channelFlowOk(active: active)])
        default:
            return replyReceived(method)
        }
    }

    mutating func headerReceived(_ header: AMQPContentHeader) -> Output {
        guard state != .closed else { return Output() }
        guard case .awaitingHeader(let kind) = content else {
            return violation(AMQPReplyCode.unexpectedFrame, "a content header without a content method")
        }
        guard header.classID == 60 else {
            return violation(AMQPReplyCode.unexpectedFrame, "a content header for class \(header.classID), not basic")
        }
        guard header.bodySize <= maxBodySize else {
            return violation(
                AMQPReplyCode.frameError,
                "a message body of \(header.bodySize) bytes is announced; the limit is \(maxBodySize)")
        }
        if header.bodySize == 0 {
            content = nil
            return contentComplete(kind, AMQPMessage(body: ByteBuffer(), properties: header.properties))
        }
        content = .awaitingBody(kind, header.properties, bodySize: header.bodySize, received: ByteBuffer())
        return Output()
    }

    mutating func bodyReceived(_ body: ByteBuffer) -> Output {
        guard state != .closed else { return Output() }
        guard case .awaitingBody(let kind, let properties, let bodySize, var received) = content else {
            return violation(AMQPReplyCode.unexpectedFrame, "a body frame without a content header")
        }
        content = nil  // so `received` is the only reference and grows in place
        let remaining = bodySize - UInt64(received.readableBytes)
        guard UInt64(body.readableBytes) <= remaining else {
            return violation(
                AMQPReplyCode.unexpectedFrame, "body frames longer than the announced \(bodySize) bytes")
        }
        if received.readableBytes == 0, UInt64(body.readableBytes) == bodySize {
            received = body  // the common single-frame body: no copy
        } else {
            var body = body
            received.writeBuffer(&body)
        }
        guard UInt64(received.readableBytes) == bodySize else {
            content = .awaitingBody(kind, properties, bodySize: bodySize, received: received)
            return Output()
        }
        return contentComplete(kind, AMQPMessage(body: received, properties: properties))
    }

    // MARK: Time and loss

    /// The oldest request has waited longer than the request timeout: fail everything on this
    /// channel and close it (a late reply could no longer be matched to the right request).
    mutating func tick(now: NIODeadline) -> Output {
        guard state != .closed, let first = requests.first, first.deadline <= now else { return Output() }
        let error = AMQPClientError(.timeout, "no reply to \(first.request.name) within \(requestTimeout)")
        closeReason = closeReason ?? error
        var output = Output()
        output.completions = requests.removeAll().map { Completion(waiter: $0.waiter, result: .failure(error)) }
        output.completions += confirms.failAll().map { Completion(waiter: $0, result: .failure(error)) }
        output.endedConsumers = consumers.keys.sorted().compactMap { tag in
            consumers[tag].map { EndedConsumer(consumer: $0, error: error) }
        }
        consumers = [:]
        if state != .closing {
            state = .closing
            output.send = [.channelClose(Close(replyCode: AMQPReplyCode.success, replyText: "request timed out"))]
        }
        return output
    }

    /// The connection is gone: everything outstanding fails with `error`.
    mutating func connectionClosed(_ error: AMQPClientError) -> Output {
        guard state != .closed else { return Output() }
        return shutDown(error)
    }

    // MARK: Helpers

    private mutating func replyReceived(_ method: AMQPMethod) -> Output {
        guard let first = requests.first, Self.isReply(method, to: first.request), let entry = requests.popFirst()
        else {
            // After our channel.close (a timeout, say) late replies are discarded, as the spec says.
            return state == .closing ? Output() : unexpected(method)
        }
        var output = Output()
        switch method {
        case .channelOpenOk:
            if state == .opening { state = .open }
        case .basicConsumeOk(let tag):
            if let consumer = entry.consumer { consumers[tag] = consumer }
        case .basicCancelOk(let tag):
            if let consumer = consumers.removeValue(forKey: tag) {
                output.endedConsumers.append(EndedConsumer(consumer: consumer, error: nil))
            }
        default:
            break
        }
        output.completions.append(Completion(waiter: entry.waiter, result: .success(.method(method))))
        return output
    }

    private mutating func contentComplete(_ kind: ContentKind, _ message: AMQPMessage) -> Output {
        switch kind {
        case .deliver(let deliver):
            // While closing, the broker requeues whatever it delivered once the channel is closed.
            guard state == .open else { return Output() }
            guard let consumer = consumers[deliver.consumerTag] else {
                // A consumer dropped a moment ago: give the message straight back.
                return Output(send: [.basicReject(deliveryTag: deliver.deliveryTag, requeue: true)])
            }
            return Output(delivery: Delivery(consumer: consumer, deliver: deliver, message: message))
        case .returned(let returned):
            if confirms.isEnabled { confirms.returnReceived(returned) }
            return Output()
        case .getOk(let getOk):
            guard let first = requests.first, case .basicGet = first.request, let entry = requests.popFirst() else {
                return violation(AMQPReplyCode.unexpectedFrame, "basic.get-ok nobody asked for")
            }
            return Output(completions: [Completion(waiter: entry.waiter, result: .success(.message(getOk, message)))])
        }
    }

    private func confirmed(_ resolutions: [AMQPConfirmTracker<Waiter>.Resolution]) -> Output {
        Output(
            completions: resolutions.map { resolution in
                switch resolution.outcome {
                case .acked:
                    return Completion(waiter: resolution.waiter, result: .success(.done))
                case .nacked:
                    return Completion(
                        waiter: resolution.waiter,
                        result: .failure(AMQPClientError(.nacked, "the broker refused the message (basic.nack)")))
                case .returned(let returned):
                    let error = AMQPClientError(
                        .returned,
                        "the broker returned the message as unroutable (\(returned.replyCode) \(returned.replyText)) "
                            + "from exchange '\(returned.exchange)' with routing key '\(returned.routingKey)'",
                        replyCode: returned.replyCode)
                    return Completion(waiter: resolution.waiter, result: .failure(error))
                }
            })
    }

    /// Moves to `.closed`: requests and confirms fail, consumers end, close waiters are done.
    private mutating func shutDown(_ reason: AMQPClientError?) -> Output {
        state = .closed
        closeReason = closeReason ?? reason
        content = nil
        let failure = closeReason ?? AMQPClientError(.shutDown, "the channel was closed")
        var output = Output(channelClosed: true)
        output.completions = requests.removeAll().map { Completion(waiter: $0.waiter, result: .failure(failure)) }
        output.completions += confirms.failAll().map { Completion(waiter: $0, result: .failure(failure)) }
        output.completions += closeWaiters.map { Completion(waiter: $0, result: .success(.done)) }
        closeWaiters = []
        output.endedConsumers = consumers.keys.sorted().compactMap { tag in
            consumers[tag].map { EndedConsumer(consumer: $0, error: closeReason) }
        }
        consumers = [:]
        return output
    }

    private func unexpected(_ method: AMQPMethod) -> Output {
        violation(AMQPReplyCode.unexpectedFrame, "unexpected \(method.name) on a channel that is \(state)")
    }

    private func violation(_ replyCode: UInt16, _ text: String) -> Output {
        Output(connectionError: AMQPClientError(.protocolError, text, replyCode: replyCode))
    }

    /// Whether `reply` is the synchronous answer to `request`.
    static func isReply(_ reply: AMQPMethod, to request: AMQPMethod) -> Bool {
        switch (request, reply) {
        case (.channelOpen, .channelOpenOk), (.channelFlow, .channelFlowOk),
            (.exchangeDeclare, .exchangeDeclareOk), (.exchangeDelete, .exchangeDeleteOk),
            (.exchangeBind, .exchangeBindOk), (.exchangeUnbind, .exchangeUnbindOk),
            (.queueDeclare, .queueDeclareOk), (.queueBind, .queueBindOk), (.queuePurge, .queuePurgeOk),
            (.queueDelete, .queueDeleteOk), (.queueUnbind, .queueUnbindOk),
            (.basicQos, .basicQosOk), (.basicConsume, .basicConsumeOk), (.basicCancel, .basicCancelOk),
            (.basicGet, .basicGetEmpty), (.basicRecover, .basicRecoverOk), (.confirmSelect, .confirmSelectOk):
            return true
        default:
            return false
        }
    }
}

extension AMQPMethod {
    /// The method's case name ("basicDeliver"), for messages and logs without its (untrusted) fields.
    var name: String {
        String(String(describing: self).prefix { $0 != "(" }.prefix(40))
    }
}

extension AMQPChannelStateMachine.Completion: Equatable where Waiter: Equatable {}
extension AMQPChannelStateMachine.Delivery: Equatable where Consumer: Equatable {}
extension AMQPChannelStateMachine.EndedConsumer: Equatable where Consumer: Equatable {}
extension AMQPChannelStateMachine.Output: Equatable where Waiter: Equatable, Consumer: Equatable {}
