import NIOCore

extension AMQPFieldTable {
    /// How deep tables and arrays may nest inside a top-level table (which is depth 0).
    /// Bounds the decoder's recursion against hostile input.
    public static let maximumNestingDepth = 16

    /// Appends the UInt32 byte length, then each name (short string), type tag and value.
    public func encode(into buffer: inout ByteBuffer) throws {
        try encode(into: &buffer, depth: 0)
    }

    /// Reads a table whose own nesting depth is `depth` (0 for a method argument or property).
    public static func decode(from buffer: inout ByteBuffer, depth: Int = 0) throws -> AMQPFieldTable {
        try checkDepth(depth)
        let length = try buffer.readAMQPLength()
        // readAMQPLength checked the bytes are there.
        var contents = buffer.readSlice(length: length) ?? ByteBuffer()
        var table = AMQPFieldTable()
        while contents.readableBytes > 0 {
            let name = try contents.readAMQPShortString()
            let value = try AMQPFieldValue.decode(from: &contents, depth: depth)
            table.entries.append((name: name, value: value))
        }
        return table
    }

    func encode(into buffer: inout ByteBuffer, depth: Int) throws {
        try Self.checkDepth(depth)
        try buffer.writeAMQPLengthPrefixed { contents in
            for entry in entries {
                try contents.writeAMQPShortString(entry.name)
                try entry.value.encode(into: &contents, depth: depth)
            }
        }
    }

    static func checkDepth(_ depth: Int) throws {
        guard depth <= maximumNestingDepth else {
            throw AMQPWireError(.badFieldValue, "field tables and arrays nested deeper than \(maximumNestingDepth)")
        }
    }
}

extension AMQPFieldValue {
    /// Appends the type tag and the value. `depth` is that of the table or array holding it.
    func encode(into buffer: inout ByteBuffer, depth: Int) throws {
        buffer.writeInteger(typeTag)
        switch self {
        case .boolean(let value): buffer.writeInteger(value ? 1 as UInt8 : 0)
        case .int8(let value): buffer.writeInteger(value)
        case .uint8(let value): buffer.writeInteger(value)
        case .int16(let value): buffer.writeInteger(value)
        case .uint16(let value): buffer.writeInteger(value)
        case .int32(let value): buffer.writeInteger(value)
        case .uint32(let value): buffer.writeInteger(value)
        case .int64(let value): buffer.writeInteger(value)
        case .float(let value): buffer.writeInteger(value.bitPattern)
        case .double(let value): buffer.writeInteger(value.bitPattern)
        case .decimal(let scale, let value):
            buffer.writeInteger(scale)
            buffer.writeInteger(value)
        case .longString(let bytes), .bytes(let bytes): try buffer.writeAMQPLongString(bytes)
        case .timestamp(let value): buffer.writeInteger(value)
        case .table(let table): try table.encode(into: &buffer, depth: depth + 1)
        case .array(let values):
            try AMQPFieldTable.checkDepth(depth + 1)
            try buffer.writeAMQPLengthPrefixed { contents in
                for value in values { try value.encode(into: &contents, depth: depth + 1) }
            }
        case .void: break
        }
    }

    /// Reads a type tag and its value. `depth` is that of the table or array holding it.
    static func decode(from buffer: inout ByteBuffer, depth: Int) throws -> AMQPFieldValue {
        let tag: UInt8 = try buffer.readAMQPInteger()
        switch tag {
        case UInt8(ascii: "t"): return .boolean(try buffer.readAMQPInteger(as: UInt8.self) != 0)
        case UInt8(ascii: "b"): return .int8(try buffer.readAMQPInteger())
        case UInt8(ascii: "B"): return .uint8(try buffer.readAMQPInteger())
        case UInt8(ascii: "s"): return .int16(try buffer.readAMQPInteger())
        case UInt8(ascii: "u"): return .uint16(try buffer.readAMQPInteger())
        case UInt8(ascii: "I"): return .int32(try buffer.readAMQPInteger())
        case UInt8(ascii: "i"): return .uint32(try buffer.readAMQPInteger())
        case UInt8(ascii: "l"): return .int64(try buffer.readAMQPInteger())
        case UInt8(ascii: "f"): return .float(Float(bitPattern: try buffer.readAMQPInteger()))
        case UInt8(ascii: "d"): return .double(Double(bitPattern: try buffer.readAMQPInteger()))
        case UInt8(ascii: "D"):
            let scale: UInt8 = try buffer.readAMQPInteger()
            return .decimal(scale: scale, value: try buffer.readAMQPInteger())
        case UInt8(ascii: "S"): return .longString(try buffer.readAMQPLongStringBytes())
        case UInt8(ascii: "x"): return .bytes(try buffer.readAMQPLongStringBytes())
        case UInt8(ascii: "T"): return .timestamp(try buffer.readAMQPInteger())
        case UInt8(ascii: "F"): return .table(try AMQPFieldTable.decode(from: &buffer, depth: depth + 1))
        case UInt8(ascii: "A"): return .array(try decodeArray(from: &buffer, depth: depth + 1))
        case UInt8(ascii: "V"): return .void
        default:
            throw AMQPWireError(.badFieldValue, "unknown field type tag \(tag)")
        }
    }

    private static func decodeArray(from buffer: inout ByteBuffer, depth: Int) throws -> [AMQPFieldValue] {
        try AMQPFieldTable.checkDepth(depth)
        let length = try buffer.readAMQPLength()
        // readAMQPLength checked the bytes are there.
        var contents = buffer.readSlice(length: length) ?? ByteBuffer()
        var values: [AMQPFieldValue] = []
        while contents.readableBytes > 0 {
            values.append(try decode(from: &contents, depth: depth))
        }
        return values
    }

    /// RabbitMQ's tag for this type.
    var typeTag: UInt8 {
        switch self {
        case .boolean: UInt8(ascii: "t")
        case .int8: UInt8(ascii: "b")
        case .uint8: UInt8(ascii: "B")
        case .int16: UInt8(ascii: "s")
        case .uint16: UInt8(ascii: "u")
        case .int32: UInt8(ascii: "I")
        case .uint32: UInt8(ascii: "i")
        case .int64: UInt8(ascii: "l")
        case .float: UInt8(ascii: "f")
        case .double: UInt8(ascii: "d")
        case .decimal: UInt8(ascii: "D")
        case .longString: UInt8(ascii: "S")
        case .timestamp: UInt8(ascii: "T")
        case .table: UInt8(ascii: "F")
        case .array: UInt8(ascii: "A")
        case .void: UInt8(ascii: "V")
        case .bytes: UInt8(ascii: "x")
        }
    }
}

extension ByteBuffer {
    /// Writes a UInt32 length, then whatever `body` writes, then sets the length to what was written.
    mutating func writeAMQPLengthPrefixed(_ body: (inout ByteBuffer) throws -> Void) throws {
        let lengthIndex = writerIndex
        writeInteger(0 as UInt32)
        try body(&self)
        let written = writerIndex - lengthIndex - 4
        guard let length = UInt32(exactly: written) else {
            throw AMQPWireError(.badFieldValue, "a field table or array of \(written) bytes is too long")
        }
        setInteger(length, at: lengthIndex)
    }
}
