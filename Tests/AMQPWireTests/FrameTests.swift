import AMQPWire
import NIOCore
import Testing

@Suite("Frames")
struct FrameTests {
    @Test("the protocol header is AMQP 0 0 9 1")
    func protocolHeader() {
        #expect(AMQPProtocolHeader.bytes == [0x41, 0x4D, 0x51, 0x50, 0x00, 0x00, 0x09, 0x01])
    }

    @Test("a heartbeat frame is exactly 8 0 0 0 0 0 0 CE")
    func heartbeatBytes() throws {
        #expect(try encoded(.heartbeat) == [8, 0, 0, 0, 0, 0, 0, 0xCE])
        #expect(try decodeAll([8, 0, 0, 0, 0, 0, 0, 0xCE]) == [.heartbeat])
    }

    @Test("a body frame round-trips its bytes, empty or not")
    func bodyRoundTrip() throws {
        let bodies = [ByteBuffer(), ByteBuffer(bytes: Array(0...255)), ByteBuffer(bytes: [0xCE, 0xCE])]
        for body in bodies {
            let frame = AMQPFrame.body(channel: 9, body)
            #expect(try encoded(frame) == Wire.frame(type: 3, channel: 9, payload: bytes(of: body)))
            #expect(try decodeAll(try encoded(frame)) == [frame])
        }
    }

    @Test("a method frame carries type 1, the channel and the payload size")
    func methodFrameLayout() throws {
        let frame = AMQPFrame.method(channel: 0x0102, .basicAck(deliveryTag: 1, multiple: true))
        #expect(
            try encoded(frame)
                == [1, 0x01, 0x02, 0, 0, 0, 13, 0, 60, 0, 80, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0xCE])
    }

    @Test("encoding appends after what the buffer already holds")
    func encodeAppends() throws {
        var out = ByteBuffer(bytes: [0xAA])
        try AMQPFrame.heartbeat.encode(into: &out)
        #expect(bytes(of: out) == [0xAA, 8, 0, 0, 0, 0, 0, 0, 0xCE])
    }

    @Test("a failed encode appends nothing")
    func failedEncodeAppendsNothing() {
        var out = ByteBuffer(bytes: [0xAA])
        let tooLong = String(repeating: "x", count: 256)
        #expect(wireError { try AMQPFrame.method(channel: 1, .basicConsumeOk(consumerTag: tooLong)).encode(into: &out) } == .badString)
        #expect(bytes(of: out) == [0xAA])
    }

    @Test("a frame exactly at frame-max decodes; one byte more is too large")
    func frameMaxBoundary() throws {
        let limit: UInt32 = 4096
        let fits = AMQPFrame.body(channel: 1, ByteBuffer(bytes: [UInt8](repeating: 7, count: Int(limit) - 8)))
        #expect(try decodeAll(try encoded(fits), maxFrameSize: limit) == [fits])
        let tooBig = AMQPFrame.body(channel: 1, ByteBuffer(bytes: [UInt8](repeating: 7, count: Int(limit) - 7)))
        #expect(wireError { try decodeAll(try encoded(tooBig), maxFrameSize: limit) } == .frameTooLarge)
    }

    @Test("a connection.start as RabbitMQ sends it decodes to the expected values")
    func rabbitMQConnectionStart() throws {
        let capabilities = Wire.table(
            Wire.shortString("publisher_confirms") + [UInt8(ascii: "t"), 1]
                + Wire.shortString("exchange_exchange_bindings") + [UInt8(ascii: "t"), 1]
                + Wire.shortString("basic.nack") + [UInt8(ascii: "t"), 1]
                + Wire.shortString("consumer_cancel_notify") + [UInt8(ascii: "t"), 1]
                + Wire.shortString("connection.blocked") + [UInt8(ascii: "t"), 1]
                + Wire.shortString("authentication_failure_close") + [UInt8(ascii: "t"), 1])
        let serverProperties = Wire.table(
            Wire.shortString("capabilities") + [UInt8(ascii: "F")] + capabilities
                + Wire.shortString("cluster_name") + [UInt8(ascii: "S")] + Wire.longString("rabbit@broker")
                + Wire.shortString("copyright") + [UInt8(ascii: "S")] + Wire.longString("Copyright (c) 2007-2024 Broadcom Inc")
                + Wire.shortString("platform") + [UInt8(ascii: "S")] + Wire.longString("Erlang/OTP 26.2.5")
                + Wire.shortString("product") + [UInt8(ascii: "S")] + Wire.longString("RabbitMQ")
                + Wire.shortString("version") + [UInt8(ascii: "S")] + Wire.longString("3.13.7"))
        let payload: [UInt8] =
            [0, 10, 0, 10, 0, 9] + serverProperties + Wire.longString("AMQPLAIN PLAIN") + Wire.longString("en_US")
        let frames = try decodeAll(Wire.frame(type: 1, channel: 0, payload: payload))

        let expected = Connection.Start(
            versionMajor: 0, versionMinor: 9,
            serverProperties: [
                "capabilities": .table([
                    "publisher_confirms": .boolean(true), "exchange_exchange_bindings": .boolean(true),
                    "basic.nack": .boolean(true), "consumer_cancel_notify": .boolean(true),
                    "connection.blocked": .boolean(true), "authentication_failure_close": .boolean(true),
                ]),
                "cluster_name": .string("rabbit@broker"),
                "copyright": .string("Copyright (c) 2007-2024 Broadcom Inc"),
                "platform": .string("Erlang/OTP 26.2.5"),
                "product": .string("RabbitMQ"),
                "version": .string("3.13.7"),
            ],
            mechanisms: "AMQPLAIN PLAIN", locales: "en_US")
        #expect(frames == [.method(channel: 0, .connectionStart(expected))])
        guard case .method(_, .connectionStart(let start)) = frames.first else { return }
        #expect(start.serverProperties["product"]?.stringValue == "RabbitMQ")
        #expect(start.serverProperties["capabilities"] == expected.serverProperties["capabilities"])
    }

    @Test("the frame's channel accessor")
    func channelAccessor() {
        #expect(AMQPFrame.heartbeat.channel == 0)
        #expect(AMQPFrame.body(channel: 5, ByteBuffer()).channel == 5)
        #expect(AMQPFrame.method(channel: 6, .basicRecoverOk).channel == 6)
    }
}
