import NIOCore

extension AMQPMethod {
    /// Reads a whole method payload: class id, method id, arguments.
    /// An unknown class/method is `.unknownMethod`; leftover bytes are `.malformedPayload`.
    public static func decode(from buffer: inout ByteBuffer) throws -> AMQPMethod {
        let classID: UInt16 = try buffer.readAMQPInteger()
        let methodID: UInt16 = try buffer.readAMQPInteger()
        let method: AMQPMethod? =
            switch classID {
            case 10: try decodeConnection(methodID, from: &buffer)
            case 20: try decodeChannel(methodID, from: &buffer)
            case 40: try decodeExchange(methodID, from: &buffer)
            case 50: try decodeQueue(methodID, from: &buffer)
            case 60: try decodeBasic(methodID, from: &buffer)
            case 85: try decodeConfirm(methodID, from: &buffer)
            default: nil
            }
        guard let method else {
            throw AMQPWireError(.unknownMethod, "unknown method \(classID)/\(methodID)")
        }
        guard buffer.readableBytes == 0 else {
            throw AMQPWireError(
                .malformedPayload, "\(buffer.readableBytes) bytes left over after method \(classID)/\(methodID)")
        }
        return method
    }

    private static func decodeConnection(_ methodID: UInt16, from buffer: inout ByteBuffer) throws -> AMQPMethod? {
        switch methodID {
        case 10:
            let versionMajor: UInt8 = try buffer.readAMQPInteger()
            let versionMinor: UInt8 = try buffer.readAMQPInteger()
            return .connectionStart(
                Connection.Start(
                    versionMajor: versionMajor, versionMinor: versionMinor,
                    serverProperties: try AMQPFieldTable.decode(from: &buffer),
                    mechanisms: try buffer.readAMQPLongStringText(), locales: try buffer.readAMQPLongStringText()))
        case 11:
            return .connectionStartOk(
                Connection.StartOk(
                    clientProperties: try AMQPFieldTable.decode(from: &buffer),
                    mechanism: try buffer.readAMQPShortString(), response: try buffer.readAMQPLongStringBytes(),
                    locale: try buffer.readAMQPShortString()))
        case 20: return .connectionSecure(challenge: try buffer.readAMQPLongStringBytes())
        case 21: return .connectionSecureOk(response: try buffer.readAMQPLongStringBytes())
        case 30: return .connectionTune(try readTune(from: &buffer))
        case 31: return .connectionTuneOk(try readTune(from: &buffer))
        case 40:
            let virtualHost = try buffer.readAMQPShortString()
            try buffer.skipAMQPShortString()  // reserved-1
            _ = try buffer.readAMQPBits()  // reserved-2
            return .connectionOpen(virtualHost: virtualHost)
        case 41:
            try buffer.skipAMQPShortString()  // reserved-1
            return .connectionOpenOk
        case 50: return .connectionClose(try readClose(from: &buffer))
        case 51: return .connectionCloseOk
        case 60: return .connectionBlocked(reason: try buffer.readAMQPShortString())
        case 61: return .connectionUnblocked
        case 70:
            return .connectionUpdateSecret(
                newSecret: try buffer.readAMQPLongStringBytes(), reason: try buffer.readAMQPShortString())
        case 71: return .connectionUpdateSecretOk
        default: return nil
        }
    }

    private static func decodeChannel(_ methodID: UInt16, from buffer: inout ByteBuffer) throws -> AMQPMethod? {
        switch methodID {
        case 10:
            try buffer.skipAMQPShortString()  // reserved-1
            return .channelOpen
        case 11:
            _ = try buffer.readAMQPLongStringBytes()  // reserved-1
            return .channelOpenOk
        case 20: return .channelFlow(active: try buffer.readAMQPBits().bit(0))
        case 21: return .channelFlowOk(active: try buffer.readAMQPBits().bit(0))
        case 40: return .channelClose(try readClose(from: &buffer))
        case 41: return .channelCloseOk
        default: return nil
        }
    }

    private static func decodeExchange(_ methodID: UInt16, from buffer: inout ByteBuffer) throws -> AMQPMethod? {
        switch methodID {
        case 10:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            let exchange = try buffer.readAMQPShortString()
            let type = try buffer.readAMQPShortString()
            let bits = try buffer.readAMQPBits()
            return .exchangeDeclare(
                Exchange.Declare(
                    exchange: exchange, type: type, passive: bits.bit(0), durable: bits.bit(1),
                    autoDelete: bits.bit(2), internal: bits.bit(3), noWait: bits.bit(4),
                    arguments: try AMQPFieldTable.decode(from: &buffer)))
        case 11: return .exchangeDeclareOk
        case 20:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            let exchange = try buffer.readAMQPShortString()
            let bits = try buffer.readAMQPBits()
            return .exchangeDelete(Exchange.Delete(exchange: exchange, ifUnused: bits.bit(0), noWait: bits.bit(1)))
        case 21: return .exchangeDeleteOk
        case 30: return .exchangeBind(try readExchangeBind(from: &buffer))
        case 31: return .exchangeBindOk
        case 40: return .exchangeUnbind(try readExchangeBind(from: &buffer))
        case 51: return .exchangeUnbindOk
        default: return nil
        }
    }

    private static func decodeQueue(_ methodID: UInt16, from buffer: inout ByteBuffer) throws -> AMQPMethod? {
        switch methodID {
        case 10:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            let queue = try buffer.readAMQPShortString()
            let bits = try buffer.readAMQPBits()
            return .queueDeclare(
                Queue.Declare(
                    queue: queue, passive: bits.bit(0), durable: bits.bit(1), exclusive: bits.bit(2),
                    autoDelete: bits.bit(3), noWait: bits.bit(4), arguments: try AMQPFieldTable.decode(from: &buffer)))
        case 11:
            return .queueDeclareOk(
                Queue.DeclareOk(
                    queue: try buffer.readAMQPShortString(), messageCount: try buffer.readAMQPInteger(),
                    consumerCount: try buffer.readAMQPInteger()))
        case 20:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            let queue = try buffer.readAMQPShortString()
            let exchange = try buffer.readAMQPShortString()
            let routingKey = try buffer.readAMQPShortString()
            let bits = try buffer.readAMQPBits()
            return .queueBind(
                Queue.Bind(
                    queue: queue, exchange: exchange, routingKey: routingKey, noWait: bits.bit(0),
                    arguments: try AMQPFieldTable.decode(from: &buffer)))
        case 21: return .queueBindOk
        case 30:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            let queue = try buffer.readAMQPShortString()
            return .queuePurge(queue: queue, noWait: try buffer.readAMQPBits().bit(0))
        case 31: return .queuePurgeOk(messageCount: try buffer.readAMQPInteger())
        case 40:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            let queue = try buffer.readAMQPShortString()
            let bits = try buffer.readAMQPBits()
            return .queueDelete(Queue.Delete(queue: queue, ifUnused: bits.bit(0), ifEmpty: bits.bit(1), noWait: bits.bit(2)))
        case 41: return .queueDeleteOk(messageCount: try buffer.readAMQPInteger())
        case 50:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            return .queueUnbind(
                Queue.Unbind(
                    queue: try buffer.readAMQPShortString(), exchange: try buffer.readAMQPShortString(),
                    routingKey: try buffer.readAMQPShortString(), arguments: try AMQPFieldTable.decode(from: &buffer)))
        case 51: return .queueUnbindOk
        default: return nil
        }
    }

    private static func decodeBasic(_ methodID: UInt16, from buffer: inout ByteBuffer) throws -> AMQPMethod? {
        switch methodID {
        case 10:
            let prefetchSize: UInt32 = try buffer.readAMQPInteger()
            let prefetchCount: UInt16 = try buffer.readAMQPInteger()
            return .basicQos(
                Basic.Qos(prefetchSize: prefetchSize, prefetchCount: prefetchCount, global: try buffer.readAMQPBits().bit(0)))
        case 11: return .basicQosOk
        case 20:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            let queue = try buffer.readAMQPShortString()
            let consumerTag = try buffer.readAMQPShortString()
            let bits = try buffer.readAMQPBits()
            return .basicConsume(
                Basic.Consume(
                    queue: queue, consumerTag: consumerTag, noLocal: bits.bit(0), noAck: bits.bit(1),
                    exclusive: bits.bit(2), noWait: bits.bit(3), arguments: try AMQPFieldTable.decode(from: &buffer)))
        case 21: return .basicConsumeOk(consumerTag: try buffer.readAMQPShortString())
        case 30:
            let consumerTag = try buffer.readAMQPShortString()
            return .basicCancel(consumerTag: consumerTag, noWait: try buffer.readAMQPBits().bit(0))
        case 31: return .basicCancelOk(consumerTag: try buffer.readAMQPShortString())
        case 40:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            let exchange = try buffer.readAMQPShortString()
            let routingKey = try buffer.readAMQPShortString()
            let bits = try buffer.readAMQPBits()
            return .basicPublish(
                Basic.Publish(exchange: exchange, routingKey: routingKey, mandatory: bits.bit(0), immediate: bits.bit(1)))
        case 50:
            return .basicReturn(
                Basic.Return(
                    replyCode: try buffer.readAMQPInteger(), replyText: try buffer.readAMQPShortString(),
                    exchange: try buffer.readAMQPShortString(), routingKey: try buffer.readAMQPShortString()))
        case 60:
            let consumerTag = try buffer.readAMQPShortString()
            let deliveryTag: UInt64 = try buffer.readAMQPInteger()
            let redelivered = try buffer.readAMQPBits().bit(0)
            return .basicDeliver(
                Basic.Deliver(
                    consumerTag: consumerTag, deliveryTag: deliveryTag, redelivered: redelivered,
                    exchange: try buffer.readAMQPShortString(), routingKey: try buffer.readAMQPShortString()))
        case 70:
            _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
            let queue = try buffer.readAMQPShortString()
            return .basicGet(queue: queue, noAck: try buffer.readAMQPBits().bit(0))
        case 71:
            let deliveryTag: UInt64 = try buffer.readAMQPInteger()
            let redelivered = try buffer.readAMQPBits().bit(0)
            return .basicGetOk(
                Basic.GetOk(
                    deliveryTag: deliveryTag, redelivered: redelivered, exchange: try buffer.readAMQPShortString(),
                    routingKey: try buffer.readAMQPShortString(), messageCount: try buffer.readAMQPInteger()))
        case 72:
            try buffer.skipAMQPShortString()  // reserved-1 (cluster-id)
            return .basicGetEmpty
        case 80:
            let deliveryTag: UInt64 = try buffer.readAMQPInteger()
            return .basicAck(deliveryTag: deliveryTag, multiple: try buffer.readAMQPBits().bit(0))
        case 90:
            let deliveryTag: UInt64 = try buffer.readAMQPInteger()
            return .basicReject(deliveryTag: deliveryTag, requeue: try buffer.readAMQPBits().bit(0))
        case 100: return .basicRecoverAsync(requeue: try buffer.readAMQPBits().bit(0))
        case 110: return .basicRecover(requeue: try buffer.readAMQPBits().bit(0))
        case 111: return .basicRecoverOk
        case 120:
            let deliveryTag: UInt64 = try buffer.readAMQPInteger()
            let bits = try buffer.readAMQPBits()
            return .basicNack(deliveryTag: deliveryTag, multiple: bits.bit(0), requeue: bits.bit(1))
        default: return nil
        }
    }

    private static func decodeConfirm(_ methodID: UInt16, from buffer: inout ByteBuffer) throws -> AMQPMethod? {
        switch methodID {
        case 10: return .confirmSelect(noWait: try buffer.readAMQPBits().bit(0))
        case 11: return .confirmSelectOk
        default: return nil
        }
    }

    // MARK: Argument groups shared by several methods

    private static func readTune(from buffer: inout ByteBuffer) throws -> Connection.Tune {
        Connection.Tune(
            channelMax: try buffer.readAMQPInteger(), frameMax: try buffer.readAMQPInteger(),
            heartbeat: try buffer.readAMQPInteger())
    }

    private static func readClose(from buffer: inout ByteBuffer) throws -> Close {
        Close(
            replyCode: try buffer.readAMQPInteger(), replyText: try buffer.readAMQPShortString(),
            classID: try buffer.readAMQPInteger(), methodID: try buffer.readAMQPInteger())
    }

    private static func readExchangeBind(from buffer: inout ByteBuffer) throws -> Exchange.Bind {
        _ = try buffer.readAMQPInteger(as: UInt16.self)  // reserved-1
        let destination = try buffer.readAMQPShortString()
        let source = try buffer.readAMQPShortString()
        let routingKey = try buffer.readAMQPShortString()
        let noWait = try buffer.readAMQPBits().bit(0)
        return Exchange.Bind(
            destination: destination, source: source, routingKey: routingKey, noWait: noWait,
            arguments: try AMQPFieldTable.decode(from: &buffer))
    }
}
