import AMQPWire
import NIOCore
import Testing

@Suite("Hostile input")
struct HostileInputTests {
    /// What decoding `bytes` throws, checking that nothing was consumed.
    private func decodeError(_ bytes: [UInt8], maxFrameSize: UInt32 = 131_072) -> AMQPWireError.Code? {
        var decoder = AMQPFrameDecoder(maxFrameSize: maxFrameSize)
        var input = buffer(bytes)
        let code = wireError { try decoder.decode(&input) }
        #expect(input.readableBytes == bytes.count, "a failed decode must consume nothing")
        return code
    }

    private func methodError(_ payload: [UInt8]) -> AMQPWireError.Code? {
        var input = buffer(payload)
        return wireError { try AMQPMethod.decode(from: &input) }
    }

    private func tableError(_ bytes: [UInt8]) -> AMQPWireError.Code? {
        var input = buffer(bytes)
        return wireError { try AMQPFieldTable.decode(from: &input, depth: 0) }
    }

    // MARK: Frames

    @Test("a wrong frame-end octet")
    func wrongFrameEnd() {
        #expect(decodeError([8, 0, 0, 0, 0, 0, 0, 0xCD]) == .badFrameEnd)
        #expect(decodeError([3, 0, 1, 0, 0, 0, 1, 0xCE, 0x00]) == .badFrameEnd)
    }

    @Test("unknown frame types are refused from the first byte", arguments: [0, 4, 5, 7, 9, 0xCE, 0xFF] as [UInt8])
    func unknownFrameType(type: UInt8) {
        #expect(decodeError([type]) == .unknownFrameType)
        #expect(decodeError([type, 0, 0, 0, 0, 0, 0, 0xCE]) == .unknownFrameType)
    }

    @Test("a huge size is refused from the 7-byte header alone, before any payload")
    func oversizedFrame() {
        #expect(decodeError([1, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF]) == .frameTooLarge)
        #expect(decodeError([3, 0, 1, 0x00, 0x02, 0x00, 0x00]) == .frameTooLarge)
        #expect(decodeError([3, 0, 1, 0x00, 0x00, 0x0F, 0xF9], maxFrameSize: 4096) == .frameTooLarge)
    }

    @Test("six header bytes of a huge frame are just incomplete")
    func oversizedButIncompleteHeader() throws {
        var decoder = AMQPFrameDecoder()
        var input = buffer([1, 0, 1, 0xFF, 0xFF, 0xFF])
        #expect(try decoder.decode(&input) == nil)
    }

    @Test("a heartbeat on a channel other than 0")
    func heartbeatOnChannel() {
        #expect(decodeError([8, 0, 1, 0, 0, 0, 0, 0xCE]) == .badHeartbeat)
    }

    @Test("a heartbeat with a payload")
    func heartbeatWithPayload() {
        #expect(decodeError([8, 0, 0, 0, 0, 0, 1, 0x00, 0xCE]) == .malformedPayload)
    }

    @Test("a method frame with an empty payload")
    func emptyMethodFrame() {
        #expect(decodeError(Wire.frame(type: 1, channel: 1, payload: [])) == .malformedPayload)
    }

    @Test("a content header with bytes after its properties")
    func headerLeftovers() {
        let payload: [UInt8] = [0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xAA]
        #expect(decodeError(Wire.frame(type: 2, channel: 1, payload: payload)) == .malformedPayload)
    }

    // MARK: Methods

    @Test("unknown classes and methods")
    func unknownMethods() {
        #expect(methodError([0, 99, 0, 10]) == .unknownMethod)
        #expect(methodError([0, 60, 0, 99]) == .unknownMethod)
        #expect(methodError([0, 40, 0, 41]) == .unknownMethod)  // RabbitMQ uses 40/51 for unbind-ok
        #expect(methodError([0, 90, 0, 10]) == .unknownMethod)  // tx is not supported
        #expect(decodeError(Wire.frame(type: 1, channel: 1, payload: [0, 99, 0, 10])) == .unknownMethod)
    }

    @Test("leftover bytes after a method's arguments")
    func methodLeftovers() throws {
        #expect(methodError([0, 60, 0, 111, 0]) == .malformedPayload)
        #expect(methodError(try methodPayload(.basicAck(deliveryTag: 1, multiple: false)) + [0]) == .malformedPayload)
        #expect(methodError(try methodPayload(Samples.everyMethod[0]) + [1, 2, 3]) == .malformedPayload)
    }

    @Test("a short string whose length runs past the payload")
    func shortStringPastEnd() {
        #expect(methodError([0, 60, 0, 21, 5, 0x61, 0x62]) == .malformedPayload)
        #expect(methodError([0, 60, 0, 21, 0xFF]) == .malformedPayload)
    }

    @Test("invalid UTF-8 in a short string", arguments: [[0xC3, 0x28], [0xFF], [0xE2, 0x82], [0xED, 0xA0, 0x80]] as [[UInt8]])
    func invalidUTF8(invalid: [UInt8]) {
        #expect(methodError([0, 60, 0, 21, UInt8(invalid.count)] + invalid) == .badString)
        #expect(tableError(Wire.table([UInt8(invalid.count)] + invalid + [UInt8(ascii: "V")])) == .badString)
    }

    @Test("invalid UTF-8 in connection.start's mechanisms")
    func invalidUTF8LongString() {
        let payload: [UInt8] = [0, 10, 0, 10, 0, 9, 0, 0, 0, 0] + [0, 0, 0, 1, 0xFF] + Wire.longString("en_US")
        #expect(methodError(payload) == .badString)
    }

    @Test("a long string length larger than the payload")
    func longStringPastEnd() {
        #expect(methodError([0, 10, 0, 20, 0xFF, 0xFF, 0xFF, 0xFF, 1]) == .malformedPayload)
        #expect(methodError([0, 10, 0, 20, 0, 0, 0, 2, 1]) == .malformedPayload)
    }

    // MARK: Field tables

    @Test("a field table length larger than the payload")
    func tableLengthTooLarge() {
        #expect(tableError([0xFF, 0xFF, 0xFF, 0xFF]) == .malformedPayload)
        #expect(tableError([0, 0, 0, 5, 1, 0x61, UInt8(ascii: "V")]) == .malformedPayload)
        let queueDeclare: [UInt8] = [0, 50, 0, 10, 0, 0, 1, 0x71, 0, 0x7F, 0xFF, 0xFF, 0xFF]
        #expect(methodError(queueDeclare) == .malformedPayload)
    }

    @Test("a value that runs past its table's declared length")
    func valuePastTableEnd() {
        // The table says 4 bytes; the int32 inside needs more, though the buffer holds them.
        #expect(tableError([0, 0, 0, 4, 1, 0x61, UInt8(ascii: "I"), 0, 0, 0, 0, 0]) == .malformedPayload)
        #expect(tableError(Wire.table([UInt8(ascii: "x"), 0, 0, 0, 9, 1])) == .malformedPayload)
    }

    @Test("an array length larger than its table")
    func arrayLengthTooLarge() {
        #expect(tableError(Wire.table(Wire.shortString("a") + [UInt8(ascii: "A"), 0, 0, 1, 0])) == .malformedPayload)
    }

    @Test("an unknown field tag", arguments: ["L", "U", "c", "\0", "Z"])
    func unknownFieldTag(tag: String) {
        let tagByte = Array(tag.utf8)[0]
        #expect(tableError(Wire.table(Wire.shortString("a") + [tagByte, 0, 0, 0, 0, 0, 0, 0, 0])) == .badFieldValue)
        #expect(tableError(Wire.table(Wire.shortString("a") + [UInt8(ascii: "A")] + Wire.table([tagByte]))) == .badFieldValue)
    }

    @Test("tables nested 1000 deep are refused without exhausting the stack")
    func deeplyNestedTables() {
        var table = Wire.table([])
        for _ in 0..<1000 { table = Wire.table(Wire.shortString("n") + [UInt8(ascii: "F")] + table) }
        #expect(tableError(table) == .badFieldValue)
    }

    @Test("arrays nested 1000 deep are refused")
    func deeplyNestedArrays() {
        var array = Wire.table([])
        for _ in 0..<1000 { array = Wire.table([UInt8(ascii: "A")] + array) }
        #expect(tableError(Wire.table(Wire.shortString("n") + [UInt8(ascii: "A")] + array)) == .badFieldValue)
    }

    @Test("a nested table one level past the limit in a method is refused")
    func nestingInMethod() {
        var table = Wire.table([])
        for _ in 0...AMQPFieldTable.maximumNestingDepth { table = Wire.table(Wire.shortString("n") + [UInt8(ascii: "F")] + table) }
        let payload: [UInt8] = [0, 50, 0, 10, 0, 0, 1, 0x71, 0] + table
        #expect(methodError(payload) == .badFieldValue)
    }

    // MARK: Properties

    @Test("property flags with the continuation bit or the undefined bit 1")
    func propertyFlagsContinuation() {
        for flags: [UInt8] in [[0x00, 0x01], [0x80, 0x01], [0x00, 0x02]] {
            var input = buffer(flags + [0, 0])
            #expect(wireError { try AMQPProperties.decode(from: &input) } == .malformedPayload)
        }
        let header: [UInt8] = [0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00]
        #expect(decodeError(Wire.frame(type: 2, channel: 1, payload: header)) == .malformedPayload)
    }

    @Test("a property flag announcing a property that is not there")
    func missingProperty() {
        var input = buffer([0x80, 0x00])
        #expect(wireError { try AMQPProperties.decode(from: &input) } == .malformedPayload)
        var headers = buffer([0x20, 0x00, 0, 0, 0, 9])
        #expect(wireError { try AMQPProperties.decode(from: &headers) } == .malformedPayload)
    }

    // MARK: Encoding refuses what cannot be sent

    @Test("encoding a field name over 255 bytes")
    func longFieldName() {
        var out = ByteBuffer()
        let table = AMQPFieldTable([(name: String(repeating: "n", count: 256), value: .void)])
        #expect(wireError { try table.encode(into: &out) } == .badString)
    }

    @Test("encoding a property over 255 bytes")
    func longProperty() {
        var out = ByteBuffer()
        let properties = AMQPProperties(messageID: String(repeating: "m", count: 300))
        #expect(wireError { try properties.encode(into: &out) } == .badString)
    }
}
