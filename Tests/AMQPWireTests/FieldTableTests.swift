import AMQPWire
import NIOCore
import Testing

@Suite("Field tables")
struct FieldTableTests {
    private func roundTrip(_ table: AMQPFieldTable) throws -> AMQPFieldTable {
        var out = ByteBuffer()
        try table.encode(into: &out)
        let decoded = try AMQPFieldTable.decode(from: &out, depth: 0)
        #expect(out.readableBytes == 0)
        return decoded
    }

    @Test("a table with every value type, nested tables and arrays round-trips in order")
    func everyTypeRoundTrips() throws {
        let decoded = try roundTrip(Samples.everyFieldType)
        #expect(decoded == Samples.everyFieldType)
        #expect(decoded.entries.map(\.name) == Samples.everyFieldType.entries.map(\.name))
    }

    @Test("the empty table is four zero bytes")
    func emptyTable() throws {
        var out = ByteBuffer()
        try AMQPFieldTable().encode(into: &out)
        #expect(bytes(of: out) == [0, 0, 0, 0])
    }

    @Test(
        "each value type has RabbitMQ's tag and big-endian layout",
        arguments: [
            (AMQPFieldValue.boolean(true), [UInt8(ascii: "t"), 1]),
            (.int8(-1), [UInt8(ascii: "b"), 0xFF]),
            (.uint8(200), [UInt8(ascii: "B"), 200]),
            (.int16(-2), [UInt8(ascii: "s"), 0xFF, 0xFE]),
            (.uint16(0x1234), [UInt8(ascii: "u"), 0x12, 0x34]),
            (.int32(-3), [UInt8(ascii: "I"), 0xFF, 0xFF, 0xFF, 0xFD]),
            (.uint32(0x0102_0304), [UInt8(ascii: "i"), 1, 2, 3, 4]),
            (.int64(1), [UInt8(ascii: "l"), 0, 0, 0, 0, 0, 0, 0, 1]),
            (.float(1.0), [UInt8(ascii: "f"), 0x3F, 0x80, 0, 0]),
            (.double(1.0), [UInt8(ascii: "d"), 0x3F, 0xF0, 0, 0, 0, 0, 0, 0]),
            (.decimal(scale: 2, value: 5), [UInt8(ascii: "D"), 2, 0, 0, 0, 5]),
            (.string("hi"), [UInt8(ascii: "S"), 0, 0, 0, 2, 0x68, 0x69]),
            (.timestamp(2), [UInt8(ascii: "T"), 0, 0, 0, 0, 0, 0, 0, 2]),
            (.table(["a": .void]), [UInt8(ascii: "F"), 0, 0, 0, 3, 1, 0x61, UInt8(ascii: "V")]),
            (.array([.uint8(7)]), [UInt8(ascii: "A"), 0, 0, 0, 2, UInt8(ascii: "B"), 7]),
            (.void, [UInt8(ascii: "V")]),
            (.bytes([9]), [UInt8(ascii: "x"), 0, 0, 0, 1, 9]),
        ])
    func valueLayout(value: AMQPFieldValue, valueBytes: [UInt8]) throws {
        var out = ByteBuffer()
        let table: AMQPFieldTable = ["k": value]
        try table.encode(into: &out)
        let expected = Wire.table(Wire.shortString("k") + valueBytes)
        #expect(bytes(of: out) == expected)
        var input = buffer(expected)
        #expect(try AMQPFieldTable.decode(from: &input, depth: 0) == ["k": value])
    }

    @Test("a boolean octet other than 0 or 1 reads as true")
    func lenientBoolean() throws {
        var input = buffer(Wire.table(Wire.shortString("b") + [UInt8(ascii: "t"), 7]))
        #expect(try AMQPFieldTable.decode(from: &input, depth: 0) == ["b": .boolean(true)])
    }

    @Test("tables nested to the limit round-trip; one level more is refused both ways")
    func nestingLimit() throws {
        func nested(_ levels: Int) -> AMQPFieldTable {
            var table: AMQPFieldTable = ["leaf": .uint8(1)]
            for _ in 0..<levels { table = ["t": .table(table)] }
            return table
        }
        let deepest = nested(AMQPFieldTable.maximumNestingDepth)
        #expect(try roundTrip(deepest) == deepest)
        let tooDeep = nested(AMQPFieldTable.maximumNestingDepth + 1)
        var out = ByteBuffer()
        #expect(wireError { try tooDeep.encode(into: &out) } == .badFieldValue)
    }

    @Test("arrays count toward the nesting limit")
    func arrayNestingLimit() throws {
        var value = AMQPFieldValue.void
        for _ in 0..<AMQPFieldTable.maximumNestingDepth { value = .array([value]) }
        let deepest: AMQPFieldTable = ["a": value]
        #expect(try roundTrip(deepest) == deepest)
        let tooDeep: AMQPFieldTable = ["a": .array([value])]
        var out = ByteBuffer()
        #expect(wireError { try tooDeep.encode(into: &out) } == .badFieldValue)
    }

    @Test("subscript reads, replaces and removes entries")
    func subscriptAccess() {
        var table: AMQPFieldTable = ["a": .int8(1), "b": .int8(2)]
        table["a"] = .int8(3)
        table["b"] = nil
        #expect(table["a"] == .int8(3))
        #expect(table["b"] == nil)
        #expect(table.entries.count == 1)
    }
}
