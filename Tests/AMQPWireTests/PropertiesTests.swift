import AMQPWire
import NIOCore
import Testing

@Suite("Content properties and header")
struct PropertiesTests {
    private func roundTrip(_ properties: AMQPProperties) throws -> AMQPProperties {
        var out = ByteBuffer()
        try properties.encode(into: &out)
        let decoded = try AMQPProperties.decode(from: &out)
        #expect(out.readableBytes == 0)
        return decoded
    }

    @Test("all fourteen properties round-trip")
    func allPropertiesRoundTrip() throws {
        #expect(try roundTrip(Samples.allProperties) == Samples.allProperties)
    }

    @Test("no properties is a zero flags word and round-trips")
    func noPropertiesRoundTrip() throws {
        var out = ByteBuffer()
        try AMQPProperties().encode(into: &out)
        #expect(bytes(of: out) == [0, 0])
        #expect(try roundTrip(AMQPProperties()) == AMQPProperties())
    }

    @Test("all properties set bits 15 down to 2")
    func allFlags() throws {
        var out = ByteBuffer()
        try Samples.allProperties.encode(into: &out)
        #expect(Array(bytes(of: out).prefix(2)) == [0xFF, 0xFC])
    }

    @Test("each property alone sets its own flag bit and round-trips")
    func eachPropertyAlone() throws {
        let singles: [(AMQPProperties, UInt16)] = [
            (AMQPProperties(contentType: "a"), 1 << 15),
            (AMQPProperties(contentEncoding: "a"), 1 << 14),
            (AMQPProperties(headers: [:]), 1 << 13),
            (AMQPProperties(deliveryMode: 1), 1 << 12),
            (AMQPProperties(priority: 0), 1 << 11),
            (AMQPProperties(correlationID: ""), 1 << 10),
            (AMQPProperties(replyTo: "a"), 1 << 9),
            (AMQPProperties(expiration: "1"), 1 << 8),
            (AMQPProperties(messageID: "a"), 1 << 7),
            (AMQPProperties(timestamp: 0), 1 << 6),
            (AMQPProperties(type: "a"), 1 << 5),
            (AMQPProperties(userID: "a"), 1 << 4),
            (AMQPProperties(appID: "a"), 1 << 3),
            (AMQPProperties(clusterID: "a"), 1 << 2),
        ]
        for (properties, flag) in singles {
            var out = ByteBuffer()
            try properties.encode(into: &out)
            #expect(Array(bytes(of: out).prefix(2)) == Wire.u16(flag))
            #expect(try roundTrip(properties) == properties)
        }
    }

    @Test("delivery mode and priority are single octets, in order")
    func octetProperties() throws {
        var out = ByteBuffer()
        try AMQPProperties(contentType: "t", deliveryMode: 2, priority: 5).encode(into: &out)
        #expect(bytes(of: out) == [0x98, 0x00, 1, UInt8(ascii: "t"), 2, 5])
    }

    @Test("a content header frame round-trips with all and with no properties")
    func headerFrameRoundTrip() throws {
        for properties in [Samples.allProperties, AMQPProperties()] {
            let frame = AMQPFrame.header(channel: 7, AMQPContentHeader(bodySize: 1 << 40, properties: properties))
            #expect(try decodeAll(try encoded(frame)) == [frame])
        }
    }

    @Test("the content header payload layout: class, weight 0, body size, flags")
    func headerLayout() throws {
        let frame = AMQPFrame.header(channel: 1, AMQPContentHeader(bodySize: 258, properties: AMQPProperties()))
        #expect(try encoded(frame) == Wire.frame(type: 2, channel: 1, payload: [0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0]))
    }

    @Test("a non-zero weight is ignored on read")
    func weightIgnored() throws {
        var input = buffer([0, 60, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(try AMQPContentHeader.decode(from: &input) == AMQPContentHeader(bodySize: 1, properties: AMQPProperties()))
    }
}
