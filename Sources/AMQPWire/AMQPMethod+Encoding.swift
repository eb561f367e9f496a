import NIOCore

extension AMQPMethod {
    /// Appends class id, method id and the arguments in the specification's order.
    /// Reserved fields are written empty/zero; consecutive bits share one octet.
    public func encodeArguments(into buffer: inout ByteBuffer) throws {
        buffer.writeInteger(classID)
        buffer.writeInteger(methodID)
        switch self {
        case .connectionStart(let start):
            buffer.writeInteger(start.versionMajor)
            buffer.writeInteger(start.versionMinor)
            try start.serverProperties.encode(into: &buffer)
            try buffer.writeAMQPLongString(start.mechanisms.utf8)
            try buffer.writeAMQPLongString(start.locales.utf8)
        case .connectionStartOk(let startOk):
            try startOk.clientProperties.encode(into: &buffer)
            try buffer.writeAMQPShortString(startOk.mechanism)
            try buffer.writeAMQPLongString(startOk.response)
            try buffer.writeAMQPShortString(startOk.locale)
        case .connectionSecure(let bytes), .connectionSecureOk(let bytes):
            try buffer.writeAMQPLongString(bytes)
        case .connectionTune(let tune), .connectionTuneOk(let tune):
            buffer.writeInteger(tune.channelMax)
            buffer.writeInteger(tune.frameMax)
            buffer.writeInteger(tune.heartbeat)
        case .connectionOpen(let virtualHost):
            try buffer.writeAMQPShortString(virtualHost)
            try buffer.writeAMQPShortString("")  // reserved-1 (capabilities)
            buffer.writeAMQPBits(false)  // reserved-2 (insist)
        case .connectionOpenOk, .channelOpen, .basicGetEmpty:
            try buffer.writeAMQPShortString("")  // reserved-1
        case .connectionClose(let close), .channelClose(let close):
            buffer.writeInteger(close.replyCode)
            try buffer.writeAMQPShortString(close.replyText)
            buffer.writeInteger(close.classID)
            buffer.writeInteger(close.methodID)
        case .connectionBlocked(let reason):
            try buffer.writeAMQPShortString(reason)
        case .connectionUpdateSecret(let newSecret, let reason):
            try buffer.writeAMQPLongString(newSecret)
            try buffer.writeAMQPShortString(reason)
        case .channelOpenOk:
            try buffer.writeAMQPLongString([])  // reserved-1 (channel-id)
        case .channelFlow(let active), .channelFlowOk(let active):
            buffer.writeAMQPBits(active)
        case .exchangeDeclare(let declare):
            buffer.writeInteger(0 as UInt16)  // reserved-1 (ticket)
            try buffer.writeAMQPShortString(declare.exchange)
            try buffer.writeAMQPShortString(declare.type)
            buffer.writeAMQPBits(declare.passive, declare.durable, declare.autoDelete, declare.internal, declare.noWait)
            try declare.arguments.encode(into: &buffer)
        case .exchangeDelete(let delete):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(delete.exchange)
            buffer.writeAMQPBits(delete.ifUnused, delete.noWait)
        case .exchangeBind(let bind), .exchangeUnbind(let bind):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(bind.destination)
            try buffer.writeAMQPShortString(bind.source)
            try buffer.writeAMQPShortString(bind.routingKey)
            buffer.writeAMQPBits(bind.noWait)
            try bind.arguments.encode(into: &buffer)
        case .queueDeclare(let declare):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(declare.queue)
            buffer.writeAMQPBits(declare.passive, declare.durable, declare.exclusive, declare.autoDelete, declare.noWait)
            try declare.arguments.encode(into: &buffer)
        case .queueDeclareOk(let declareOk):
            try buffer.writeAMQPShortString(declareOk.queue)
            buffer.writeInteger(declareOk.messageCount)
            buffer.writeInteger(declareOk.consumerCount)
        case .queueBind(let bind):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(bind.queue)
            try buffer.writeAMQPShortString(bind.exchange)
            try buffer.writeAMQPShortString(bind.routingKey)
            buffer.writeAMQPBits(bind.noWait)
            try bind.arguments.encode(into: &buffer)
        case .queuePurge(let queue, let noWait):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(queue)
            buffer.writeAMQPBits(noWait)
        case .queuePurgeOk(let messageCount), .queueDeleteOk(let messageCount):
            buffer.writeInteger(messageCount)
        case .queueDelete(let delete):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(delete.queue)
            buffer.writeAMQPBits(delete.ifUnused, delete.ifEmpty, delete.noWait)
        case .queueUnbind(let unbind):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(unbind.queue)
            try buffer.writeAMQPShortString(unbind.exchange)
            try buffer.writeAMQPShortString(unbind.routingKey)
            try unbind.arguments.encode(into: &buffer)
        case .basicQos(let qos):
            buffer.writeInteger(qos.prefetchSize)
            buffer.writeInteger(qos.prefetchCount)
            buffer.writeAMQPBits(qos.global)
        case .basicConsume(let consume):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(consume.queue)
            try buffer.writeAMQPShortString(consume.consumerTag)
            buffer.writeAMQPBits(consume.noLocal, consume.noAck, consume.exclusive, consume.noWait)
            try consume.arguments.encode(into: &buffer)
        case .basicConsumeOk(let consumerTag), .basicCancelOk(let consumerTag):
            try buffer.writeAMQPShortString(consumerTag)
        case .basicCancel(let consumerTag, let noWait):
            try buffer.writeAMQPShortString(consumerTag)
            buffer.writeAMQPBits(noWait)
        case .basicPublish(let publish):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(publish.exchange)
            try buffer.writeAMQPShortString(publish.routingKey)
            buffer.writeAMQPBits(publish.mandatory, publish.immediate)
        case .basicReturn(let basicReturn):
            buffer.writeInteger(basicReturn.replyCode)
            try buffer.writeAMQPShortString(basicReturn.replyText)
            try buffer.writeAMQPShortString(basicReturn.exchange)
            try buffer.writeAMQPShortString(basicReturn.routingKey)
        case .basicDeliver(let deliver):
            try buffer.writeAMQPShortString(deliver.consumerTag)
            buffer.writeInteger(deliver.deliveryTag)
            buffer.writeAMQPBits(deliver.redelivered)
            try buffer.writeAMQPShortString(deliver.exchange)
            try buffer.writeAMQPShortString(deliver.routingKey)
        case .basicGet(let queue, let noAck):
            buffer.writeInteger(0 as UInt16)  // reserved-1
            try buffer.writeAMQPShortString(queue)
            buffer.writeAMQPBits(noAck)
        case .basicGetOk(let getOk):
            buffer.writeInteger(getOk.deliveryTag)
            buffer.writeAMQPBits(getOk.redelivered)
            try buffer.writeAMQPShortString(getOk.exchange)
            try buffer.writeAMQPShortString(getOk.routingKey)
            buffer.writeInteger(getOk.messageCount)
        case .basicAck(let deliveryTag, let multiple):
            buffer.writeInteger(deliveryTag)
            buffer.writeAMQPBits(multiple)
        case .basicReject(let deliveryTag, let requeue):
            buffer.writeInteger(deliveryTag)
            buffer.writeAMQPBits(requeue)
        case .basicRecoverAsync(let requeue), .basicRecover(let requeue):
            buffer.writeAMQPBits(requeue)
        case .basicNack(let deliveryTag, let multiple, let requeue):
            buffer.writeInteger(deliveryTag)
            buffer.writeAMQPBits(multiple, requeue)
        case .confirmSelect(let noWait):
            buffer.writeAMQPBits(noWait)
        case .connectionCloseOk, .connectionUnblocked, .connectionUpdateSecretOk, .channelCloseOk,
            .exchangeDeclareOk, .exchangeDeleteOk, .exchangeBindOk, .exchangeUnbindOk, .queueBindOk,
            .queueUnbindOk, .basicQosOk, .basicRecoverOk, .confirmSelectOk:
            break  // no arguments
        }
    }
}
