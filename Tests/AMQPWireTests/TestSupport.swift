import AMQPWire
import NIOCore

// Shared fixtures and helpers for the AMQPWire tests.

func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

func bytes(of buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

func encoded(_ frame: AMQPFrame) throws -> [UInt8] {
    var out = ByteBuffer()
    try frame.encode(into: &out)
    return bytes(of: out)
}

func methodPayload(_ method: AMQPMethod) throws -> [UInt8] {
    var out = ByteBuffer()
    try method.encodeArguments(into: &out)
    return bytes(of: out)
}

/// Decodes every whole frame in `bytes` with a fresh decoder.
func decodeAll(_ bytes: [UInt8], maxFrameSize: UInt32 = 131_072) throws -> [AMQPFrame] {
    var decoder = AMQPFrameDecoder(maxFrameSize: maxFrameSize)
    var input = buffer(bytes)
    var frames: [AMQPFrame] = []
    while let frame = try decoder.decode(&input) { frames.append(frame) }
    return frames
}

/// The wire error `body` throws, or nil if it throws nothing or something else.
func wireError<T>(_ body: () throws -> T) -> AMQPWireError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as AMQPWireError {
        return error.code
    } catch {
        return nil
    }
}

// MARK: Hand-built wire bytes (independent of the codec under test)

enum Wire {
    static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    static func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (24 - 8 * UInt32($0))) & 0xFF) } }
    static func shortString(_ text: String) -> [UInt8] { [UInt8(text.utf8.count)] + Array(text.utf8) }
    static func longString(_ text: String) -> [UInt8] { u32(UInt32(text.utf8.count)) + Array(text.utf8) }
    static func table(_ contents: [UInt8]) -> [UInt8] { u32(UInt32(contents.count)) + contents }
    static func frame(type: UInt8, channel: UInt16, payload: [UInt8]) -> [UInt8] {
        [type] + u16(channel) + u32(UInt32(payload.count)) + payload + [0xCE]
    }
}

// MARK: Sample values

enum Samples {
    /// A table holding every field value type, nested tables and arrays included.
    static let everyFieldType: AMQPFieldTable = [
        "bool-true": .boolean(true),
        "bool-false": .boolean(false),
        "int8": .int8(-128),
        "uint8": .uint8(255),
        "int16": .int16(-32768),
        "uint16": .uint16(65535),
        "int32": .int32(Int32.min),
        "uint32": .uint32(UInt32.max),
        "int64": .int64(Int64.min),
        "float": .float(-1.5),
        "double": .double(3.141592653589793),
        "decimal": .decimal(scale: 2, value: 12345),
        "long-string": .string("héllo wörld"),
        "binary-long-string": .longString([0, 0xFF, 0xC3, 0x28]),
        "timestamp": .timestamp(1_700_000_000),
        "void": .void,
        "bytes": .bytes([1, 2, 3, 0xCE]),
        "empty-table": .table([:]),
        "table": .table(["inner": .int32(7), "deeper": .table(["x": .array([.boolean(true)])])]),
        "empty-array": .array([]),
        "array": .array([
            .int8(1), .string("two"), .table(["three": .uint8(3)]), .array([.void, .double(-0.25)]),
            .decimal(scale: 0, value: 9), .timestamp(0), .bytes([]),
        ]),
        "": .string("empty name"),
    ]

    static let allProperties = AMQPProperties(
        contentType: "application/json", contentEncoding: "gzip", headers: everyFieldType, deliveryMode: 2,
        priority: 9, correlationID: "corr-1", replyTo: "amq.rabbitmq.reply-to", expiration: "60000",
        messageID: "msg-42", timestamp: 1_700_000_123, type: "page.changed", userID: "guest", appID: "spyglass",
        clusterID: "legacy")

    static let close = Close(replyCode: 406, replyText: "PRECONDITION_FAILED - inequivalent arg", classID: 50, methodID: 10)

    /// One of every AMQPMethod case (58 in all), arguments set to non-default values where possible.
    static let everyMethod: [AMQPMethod] = [
        .connectionStart(
            Connection.Start(serverProperties: everyFieldType, mechanisms: "AMQPLAIN PLAIN", locales: "en_US")),
        .connectionStartOk(
            Connection.StartOk(
                clientProperties: ["product": .string("spyglass"), "capabilities": .table(["publisher_confirms": .boolean(true)])],
                mechanism: "PLAIN", response: Array("\0guest\0guest".utf8), locale: "en_US")),
        .connectionSecure(challenge: [1, 2, 3]),
        .connectionSecureOk(response: [0, 0xFF]),
        .connectionTune(Connection.Tune(channelMax: 2047, frameMax: 131_072, heartbeat: 60)),
        .connectionTuneOk(Connection.Tune(channelMax: 100, frameMax: 4096, heartbeat: 0)),
        .connectionOpen(virtualHost: "/spyglass"),
        .connectionOpenOk,
        .connectionClose(close),
        .connectionCloseOk,
        .connectionBlocked(reason: "low on memory"),
        .connectionUnblocked,
        .connectionUpdateSecret(newSecret: Array("token".utf8), reason: "refresh"),
        .connectionUpdateSecretOk,
        .channelOpen,
        .channelOpenOk,
        .channelFlow(active: true),
        .channelFlowOk(active: false),
        .channelClose(Close(replyCode: 200, replyText: "")),
        .channelCloseOk,
        .exchangeDeclare(
            Exchange.Declare(
                exchange: "events", type: "topic", passive: true, durable: false, autoDelete: true, internal: true,
                noWait: true, arguments: ["alternate-exchange": .string("ae")])),
        .exchangeDeclareOk,
        .exchangeDelete(Exchange.Delete(exchange: "events", ifUnused: true, noWait: false)),
        .exchangeDeleteOk,
        .exchangeBind(
            Exchange.Bind(destination: "d", source: "s", routingKey: "a.*", noWait: true, arguments: ["k": .void])),
        .exchangeBindOk,
        .exchangeUnbind(Exchange.Bind(destination: "d", source: "s", routingKey: "#")),
        .exchangeUnbindOk,
        .queueDeclare(
            Queue.Declare(
                queue: "jobs", passive: false, durable: true, exclusive: true, autoDelete: false, noWait: true,
                arguments: ["x-queue-type": .string("quorum"), "x-max-length": .int64(10_000)])),
        .queueDeclareOk(Queue.DeclareOk(queue: "amq.gen-abc", messageCount: 12, consumerCount: 3)),
        .queueBind(Queue.Bind(queue: "jobs", exchange: "events", routingKey: "page.*", noWait: true, arguments: everyFieldType)),
        .queueBindOk,
        .queuePurge(queue: "jobs", noWait: true),
        .queuePurgeOk(messageCount: 99),
        .queueDelete(Queue.Delete(queue: "jobs", ifUnused: true, ifEmpty: false, noWait: true)),
        .queueDeleteOk(messageCount: UInt32.max),
        .queueUnbind(Queue.Unbind(queue: "jobs", exchange: "events", routingKey: "page.*", arguments: ["a": .int8(1)])),
        .queueUnbindOk,
        .basicQos(Basic.Qos(prefetchSize: 0, prefetchCount: 50, global: true)),
        .basicQosOk,
        .basicConsume(
            Basic.Consume(
                queue: "jobs", consumerTag: "ctag-1", noLocal: true, noAck: false, exclusive: true, noWait: false,
                arguments: ["x-priority": .int32(5)])),
        .basicConsumeOk(consumerTag: "ctag-1"),
        .basicCancel(consumerTag: "ctag-1", noWait: true),
        .basicCancelOk(consumerTag: "ctag-1"),
        .basicPublish(Basic.Publish(exchange: "events", routingKey: "page.changed", mandatory: true, immediate: false)),
        .basicReturn(Basic.Return(replyCode: 312, replyText: "NO_ROUTE", exchange: "events", routingKey: "nowhere")),
        .basicDeliver(
            Basic.Deliver(
                consumerTag: "ctag-1", deliveryTag: UInt64.max, redelivered: true, exchange: "", routingKey: "jobs")),
        .basicGet(queue: "jobs", noAck: true),
        .basicGetOk(Basic.GetOk(deliveryTag: 7, redelivered: false, exchange: "events", routingKey: "k", messageCount: 4)),
        .basicGetEmpty,
        .basicAck(deliveryTag: 42, multiple: true),
        .basicReject(deliveryTag: 43, requeue: true),
        .basicRecoverAsync(requeue: true),
        .basicRecover(requeue: false),
        .basicRecoverOk,
        .basicNack(deliveryTag: 44, multiple: false, requeue: true),
        .confirmSelect(noWait: false),
        .confirmSelectOk,
    ]

    /// A stream of several frames of every kind, as a broker might send them.
    static let frameStream: [AMQPFrame] = [
        .method(channel: 0, everyMethod[0]),
        .method(channel: 1, .basicDeliver(
            Basic.Deliver(consumerTag: "c", deliveryTag: 1, redelivered: false, exchange: "e", routingKey: "r"))),
        .header(channel: 1, AMQPContentHeader(bodySize: 5, properties: AMQPProperties(contentType: "text/plain", deliveryMode: 2))),
        .body(channel: 1, ByteBuffer(bytes: Array("hello".utf8))),
        .heartbeat,
        .body(channel: 2, ByteBuffer()),
        .method(channel: 65535, .basicAck(deliveryTag: 9, multiple: false)),
    ]
}

/// A small deterministic generator (SplitMix64) so fuzz runs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
