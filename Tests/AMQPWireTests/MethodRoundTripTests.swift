import AMQPWire
import NIOCore
import Testing

@Suite("Methods round-trip")
struct MethodRoundTripTests {
    @Test("the samples cover every method exactly once")
    func samplesCoverEveryMethod() {
        let ids = Samples.everyMethod.map { "\($0.classID)/\($0.methodID)" }
        #expect(ids.count == 58)
        #expect(Set(ids).count == 58)
    }

    @Test("encode then decode gives the same method", arguments: Samples.everyMethod)
    func roundTrip(method: AMQPMethod) throws {
        var payload = buffer(try methodPayload(method))
        #expect(try AMQPMethod.decode(from: &payload) == method)
        #expect(payload.readableBytes == 0)
    }

    @Test("a method frame round-trips on any channel", arguments: Samples.everyMethod)
    func frameRoundTrip(method: AMQPMethod) throws {
        let frame = AMQPFrame.method(channel: 3, method)
        #expect(try decodeAll(try encoded(frame)) == [frame])
    }

    @Test("the payload starts with the class and method ids", arguments: Samples.everyMethod)
    func payloadStartsWithIDs(method: AMQPMethod) throws {
        let payload = try methodPayload(method)
        #expect(Array(payload.prefix(4)) == Wire.u16(method.classID) + Wire.u16(method.methodID))
    }

    @Test("every truncation of a method payload is malformed", arguments: Samples.everyMethod)
    func truncatedPayloads(method: AMQPMethod) throws {
        let payload = try methodPayload(method)
        for length in 0..<payload.count {
            var truncated = buffer(Array(payload.prefix(length)))
            let code = wireError { try AMQPMethod.decode(from: &truncated) }
            #expect(code == .malformedPayload, "length \(length) of \(payload.count): \(String(describing: code))")
        }
    }

    @Test("ids follow the specification, with RabbitMQ's exchange.unbind-ok")
    func knownIDs() {
        #expect(AMQPMethod.exchangeUnbindOk.classID == 40)
        #expect(AMQPMethod.exchangeUnbindOk.methodID == 51)
        #expect(AMQPMethod.basicNack(deliveryTag: 1, multiple: false, requeue: false).methodID == 120)
        #expect(AMQPMethod.confirmSelectOk.classID == 85)
        #expect(AMQPMethod.basicGetEmpty.methodID == 72)
        #expect(AMQPMethod.connectionUpdateSecretOk.methodID == 71)
    }

    @Test("reserved fields are written empty/zero")
    func reservedFields() throws {
        #expect(try methodPayload(.channelOpen) == [0, 20, 0, 10, 0])
        #expect(try methodPayload(.channelOpenOk) == [0, 20, 0, 11, 0, 0, 0, 0])
        #expect(try methodPayload(.connectionOpenOk) == [0, 10, 0, 41, 0])
        #expect(try methodPayload(.connectionOpen(virtualHost: "/")) == [0, 10, 0, 40, 1, 0x2F, 0, 0])
        #expect(try methodPayload(.basicGetEmpty) == [0, 60, 0, 72, 0])
    }

    @Test("reserved fields with content are skipped on read")
    func reservedFieldsSkipped() throws {
        var open = buffer([0, 10, 0, 40] + Wire.shortString("/") + Wire.shortString("caps") + [1])
        #expect(try AMQPMethod.decode(from: &open) == .connectionOpen(virtualHost: "/"))
        var openOk = buffer([0, 10, 0, 41] + Wire.shortString("known-hosts"))
        #expect(try AMQPMethod.decode(from: &openOk) == .connectionOpenOk)
        var channelOpenOk = buffer([0, 20, 0, 11] + Wire.longString("chan-id"))
        #expect(try AMQPMethod.decode(from: &channelOpenOk) == .channelOpenOk)
        var getEmpty = buffer([0, 60, 0, 72] + Wire.shortString("cluster"))
        #expect(try AMQPMethod.decode(from: &getEmpty) == .basicGetEmpty)
        var publish = buffer([0, 60, 0, 40, 0x12, 0x34] + Wire.shortString("e") + Wire.shortString("k") + [0b11])
        #expect(
            try AMQPMethod.decode(from: &publish)
                == .basicPublish(Basic.Publish(exchange: "e", routingKey: "k", mandatory: true, immediate: true)))
    }

    @Test("a short string of exactly 255 bytes is fine, 256 is not")
    func shortStringLimit() throws {
        let longest = String(repeating: "q", count: 255)
        var payload = buffer(try methodPayload(.basicConsumeOk(consumerTag: longest)))
        #expect(try AMQPMethod.decode(from: &payload) == .basicConsumeOk(consumerTag: longest))
        #expect(wireError { try methodPayload(.basicConsumeOk(consumerTag: longest + "q")) } == .badString)
    }

    @Test("multi-byte UTF-8 counts bytes, not characters, against the 255 limit")
    func shortStringCountsBytes() {
        let twoByteCharacters = String(repeating: "é", count: 128)  // 256 bytes
        #expect(wireError { try methodPayload(.connectionBlocked(reason: twoByteCharacters)) } == .badString)
    }
}
