/// Every AMQP 0-9-1 method a client sends or receives (the `tx` class aside:
/// publisher confirms replace it). Field names follow the specification.
/// Reserved fields (`reserved-1`, …) are written as zero and skipped on read.
public enum AMQPMethod: Sendable, Equatable {
    // connection (class 10)
    case connectionStart(Connection.Start)          // 10/10
    case connectionStartOk(Connection.StartOk)      // 10/11
    case connectionSecure(challenge: [UInt8])       // 10/20
    case connectionSecureOk(response: [UInt8])      // 10/21
    case connectionTune(Connection.Tune)            // 10/30
    case connectionTuneOk(Connection.Tune)          // 10/31
    case connectionOpen(virtualHost: String)        // 10/40 (reserved shortstr + reserved bit written empty/0)
    case connectionOpenOk                           // 10/41 (reserved shortstr)
    case connectionClose(Close)                     // 10/50
    case connectionCloseOk                          // 10/51
    case connectionBlocked(reason: String)          // 10/60
    case connectionUnblocked                        // 10/61
    case connectionUpdateSecret(newSecret: [UInt8], reason: String) // 10/70
    case connectionUpdateSecretOk                   // 10/71

    // channel (class 20)
    case channelOpen                                // 20/10 (reserved shortstr)
    case channelOpenOk                              // 20/11 (reserved longstr)
    case channelFlow(active: Bool)                  // 20/20
    case channelFlowOk(active: Bool)                // 20/21
    case channelClose(Close)                        // 20/40
    case channelCloseOk                             // 20/41

    // exchange (class 40)
    case exchangeDeclare(Exchange.Declare)          // 40/10
    case exchangeDeclareOk                          // 40/11
    case exchangeDelete(Exchange.Delete)            // 40/20
    case exchangeDeleteOk                           // 40/21
    case exchangeBind(Exchange.Bind)                // 40/30
    case exchangeBindOk                             // 40/31
    case exchangeUnbind(Exchange.Bind)              // 40/40
    case exchangeUnbindOk                           // 40/51 (sic: RabbitMQ's id)

    // queue (class 50)
    case queueDeclare(Queue.Declare)                // 50/10
    case queueDeclareOk(Queue.DeclareOk)            // 50/11
    case queueBind(Queue.Bind)                      // 50/20
    case queueBindOk                                // 50/21
    case queuePurge(queue: String, noWait: Bool)    // 50/30
    case queuePurgeOk(messageCount: UInt32)         // 50/31
    case queueDelete(Queue.Delete)                  // 50/40
    case queueDeleteOk(messageCount: UInt32)        // 50/41
    case queueUnbind(Queue.Unbind)                  // 50/50
    case queueUnbindOk                              // 50/51

    // basic (class 60)
    case basicQos(Basic.Qos)                        // 60/10
    case basicQosOk                                 // 60/11
    case basicConsume(Basic.Consume)                // 60/20
    case basicConsumeOk(consumerTag: String)        // 60/21
    case basicCancel(consumerTag: String, noWait: Bool) // 60/30
    case basicCancelOk(consumerTag: String)         // 60/31
    case basicPublish(Basic.Publish)                // 60/40
    case basicReturn(Basic.Return)                  // 60/50
    case basicDeliver(Basic.Deliver)                // 60/60
    case basicGet(queue: String, noAck: Bool)       // 60/70
    case basicGetOk(Basic.GetOk)                    // 60/71
    case basicGetEmpty                              // 60/72 (reserved shortstr)
    case basicAck(deliveryTag: UInt64, multiple: Bool) // 60/80
    case basicReject(deliveryTag: UInt64, requeue: Bool) // 60/90
    case basicRecoverAsync(requeue: Bool)           // 60/100
    case basicRecover(requeue: Bool)                // 60/110
    case basicRecoverOk                             // 60/111
    case basicNack(deliveryTag: UInt64, multiple: Bool, requeue: Bool) // 60/120

    // confirm (class 85)
    case confirmSelect(noWait: Bool)                // 85/10
    case confirmSelectOk                            // 85/11

    /// Whether a content header and body frames follow this method.
    public var hasContent: Bool {
        switch self {
        case .basicPublish, .basicReturn, .basicDeliver, .basicGetOk: true
        default: false
        }
    }
}

/// `connection.close` and `channel.close`: why, and which method caused it (0/0 if none).
public struct Close: Sendable, Equatable {
    public var replyCode: UInt16
    public var replyText: String
    public var classID: UInt16
    public var methodID: UInt16

    public init(replyCode: UInt16, replyText: String, classID: UInt16 = 0, methodID: UInt16 = 0) {
        self.replyCode = replyCode
        self.replyText = replyText
        self.classID = classID
        self.methodID = methodID
    }
}

public enum Connection {
    public struct Start: Sendable, Equatable {
        public var versionMajor: UInt8
        public var versionMinor: UInt8
        public var serverProperties: AMQPFieldTable
        /// Space-separated, e.g. "PLAIN AMQPLAIN" (a longstr on the wire).
        public var mechanisms: String
        public var locales: String

        public init(versionMajor: UInt8 = 0, versionMinor: UInt8 = 9, serverProperties: AMQPFieldTable,
                    mechanisms: String, locales: String) {
            self.versionMajor = versionMajor
            self.versionMinor = versionMinor
            self.serverProperties = serverProperties
            self.mechanisms = mechanisms
            self.locales = locales
        }
    }

    public struct StartOk: Sendable, Equatable {
        public var clientProperties: AMQPFieldTable
        public var mechanism: String
        /// For PLAIN: "\0user\0password" (a longstr on the wire).
        public var response: [UInt8]
        public var locale: String

        public init(clientProperties: AMQPFieldTable, mechanism: String, response: [UInt8], locale: String) {
            self.clientProperties = clientProperties
            self.mechanism = mechanism
            self.response = response
            self.locale = locale
        }
    }

    /// `tune` and `tune-ok` carry the same three fields.
    public struct Tune: Sendable, Equatable {
        public var channelMax: UInt16
        public var frameMax: UInt32
        /// Seconds; 0 turns heartbeats off.
        public var heartbeat: UInt16

        public init(channelMax: UInt16, frameMax: UInt32, heartbeat: UInt16) {
            self.channelMax = channelMax
            self.frameMax = frameMax
            self.heartbeat = heartbeat
        }
    }
}

public enum Exchange {
    public struct Declare: Sendable, Equatable {
        public var exchange: String
        public var type: String
        public var passive: Bool
        public var durable: Bool
        public var autoDelete: Bool
        public var `internal`: Bool
        public var noWait: Bool
        public var arguments: AMQPFieldTable

        public init(exchange: String, type: String, passive: Bool = false, durable: Bool = true,
                    autoDelete: Bool = false, internal: Bool = false, noWait: Bool = false,
                    arguments: AMQPFieldTable = [:]) {
            self.exchange = exchange
            self.type = type
            self.passive = passive
            self.durable = durable
            self.autoDelete = autoDelete
            self.internal = `internal`
            self.noWait = noWait
            self.arguments = arguments
        }
    }

    public struct Delete: Sendable, Equatable {
        public var exchange: String
        public var ifUnused: Bool
        public var noWait: Bool

        public init(exchange: String, ifUnused: Bool = false, noWait: Bool = false) {
            self.exchange = exchange
            self.ifUnused = ifUnused
            self.noWait = noWait
        }
    }

    /// `exchange.bind` and `exchange.unbind` share their fields.
    public struct Bind: Sendable, Equatable {
        public var destination: String
        public var source: String
        public var routingKey: String
        public var noWait: Bool
        public var arguments: AMQPFieldTable

        public init(destination: String, source: String, routingKey: String, noWait: Bool = false,
                    arguments: AMQPFieldTable = [:]) {
            self.destination = destination
            self.source = source
            self.routingKey = routingKey
            self.noWait = noWait
            self.arguments = arguments
        }
    }
}

public enum Queue {
    public struct Declare: Sendable, Equatable {
        public var queue: String
        public var passive: Bool
        public var durable: Bool
        public var exclusive: Bool
        public var autoDelete: Bool
        public var noWait: Bool
        public var arguments: AMQPFieldTable

        public init(queue: String, passive: Bool = false, durable: Bool = true, exclusive: Bool = false,
                    autoDelete: Bool = false, noWait: Bool = false, arguments: AMQPFieldTable = [:]) {
            self.queue = queue
            self.passive = passive
            self.durable = durable
            self.exclusive = exclusive
            self.autoDelete = autoDelete
            self.noWait = noWait
            self.arguments = arguments
        }
    }

    public struct DeclareOk: Sendable, Equatable {
        public var queue: String
        public var messageCount: UInt32
        public var consumerCount: UInt32

        public init(queue: String, messageCount: UInt32, consumerCount: UInt32) {
            self.queue = queue
            self.messageCount = messageCount
            self.consumerCount = consumerCount
        }
    }

    public struct Bind: Sendable, Equatable {
        public var queue: String
        public var exchange: String
        public var routingKey: String
        public var noWait: Bool
        public var arguments: AMQPFieldTable

        public init(queue: String, exchange: String, routingKey: String, noWait: Bool = false,
                    arguments: AMQPFieldTable = [:]) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
            self.noWait = noWait
            self.arguments = arguments
        }
    }

    /// Like `Bind` without `no-wait`.
    public struct Unbind: Sendable, Equatable {
        public var queue: String
        public var exchange: String
        public var routingKey: String
        public var arguments: AMQPFieldTable

        public init(queue: String, exchange: String, routingKey: String, arguments: AMQPFieldTable = [:]) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
            self.arguments = arguments
        }
    }

    public struct Delete: Sendable, Equatable {
        public var queue: String
        public var ifUnused: Bool
        public var ifEmpty: Bool
        public var noWait: Bool

        public init(queue: String, ifUnused: Bool = false, ifEmpty: Bool = false, noWait: Bool = false) {
            self.queue = queue
            self.ifUnused = ifUnused
            self.ifEmpty = ifEmpty
            self.noWait = noWait
        }
    }
}

public enum Basic {
    public struct Qos: Sendable, Equatable {
        public var prefetchSize: UInt32
        public var prefetchCount: UInt16
        public var global: Bool

        public init(prefetchSize: UInt32 = 0, prefetchCount: UInt16, global: Bool = false) {
            self.prefetchSize = prefetchSize
            self.prefetchCount = prefetchCount
            self.global = global
        }
    }

    public struct Consume: Sendable, Equatable {
        public var queue: String
        public var consumerTag: String
        public var noLocal: Bool
        public var noAck: Bool
        public var exclusive: Bool
        public var noWait: Bool
        public var arguments: AMQPFieldTable

        public init(queue: String, consumerTag: String = "", noLocal: Bool = false, noAck: Bool = false,
                    exclusive: Bool = false, noWait: Bool = false, arguments: AMQPFieldTable = [:]) {
            self.queue = queue
            self.consumerTag = consumerTag
            self.noLocal = noLocal
            self.noAck = noAck
            self.exclusive = exclusive
            self.noWait = noWait
            self.arguments = arguments
        }
    }

    public struct Publish: Sendable, Equatable {
        public var exchange: String
        public var routingKey: String
        public var mandatory: Bool
        public var immediate: Bool

        public init(exchange: String, routingKey: String, mandatory: Bool = false, immediate: Bool = false) {
            self.exchange = exchange
            self.routingKey = routingKey
            self.mandatory = mandatory
            self.immediate = immediate
        }
    }

    public struct Return: Sendable, Equatable {
        public var replyCode: UInt16
        public var replyText: String
        public var exchange: String
        public var routingKey: String

        public init(replyCode: UInt16, replyText: String, exchange: String, routingKey: String) {
            self.replyCode = replyCode
            self.replyText = replyText
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }

    public struct Deliver: Sendable, Equatable {
        public var consumerTag: String
        public var deliveryTag: UInt64
        public var redelivered: Bool
        public var exchange: String
        public var routingKey: String

        public init(consumerTag: String, deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String) {
            self.consumerTag = consumerTag
            self.deliveryTag = deliveryTag
            self.redelivered = redelivered
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }

    public struct GetOk: Sendable, Equatable {
        public var deliveryTag: UInt64
        public var redelivered: Bool
        public var exchange: String
        public var routingKey: String
        public var messageCount: UInt32

        public init(deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String, messageCount: UInt32) {
            self.deliveryTag = deliveryTag
            self.redelivered = redelivered
            self.exchange = exchange
            self.routingKey = routingKey
            self.messageCount = messageCount
        }
    }
}
