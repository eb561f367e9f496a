import NIOCore

// The AMQP primitive types on top of ByteBuffer. Every read throws instead of
// returning nil, so a payload that ends early is always `.malformedPayload`, and
// no length read from the wire is trusted before the bytes it counts are there.
extension ByteBuffer {
    // MARK: Integers

    mutating func readAMQPInteger<T: FixedWidthInteger>(as: T.Type = T.self) throws -> T {
        guard let value = readInteger(as: T.self) else {
            throw AMQPWireError(.malformedPayload, "payload ends inside a \(T.bitWidth)-bit integer")
        }
        return value
    }

    /// A UInt32 length prefix, checked against what is left so nothing is allocated from a hostile length.
    mutating func readAMQPLength() throws -> Int {
        let declared: UInt32 = try readAMQPInteger()
        guard let length = Int(exactly: declared), length <= readableBytes else {
            throw AMQPWireError(.malformedPayload, "declared length \(declared) exceeds the \(readableBytes) bytes left")
        }
        return length
    }

    // MARK: Bits

    /// Consecutive bit fields share one octet, the first field in the lowest bit.
    mutating func writeAMQPBits(_ bits: Bool...) {
        var octet: UInt8 = 0
        for (index, bit) in bits.enumerated() where bit {
            octet |= 1 << UInt8(index)
        }
        writeInteger(octet)
    }

    /// The octet holding up to eight consecutive bit fields; read a field with `octet.bit(n)`.
    mutating func readAMQPBits() throws -> UInt8 {
        try readAMQPInteger(as: UInt8.self)
    }

    // MARK: Short strings (octet length, at most 255 bytes)

    mutating func writeAMQPShortString(_ text: String) throws {
        let utf8 = text.utf8
        guard let length = UInt8(exactly: utf8.count) else {
            throw AMQPWireError(.badString, "short string of \(utf8.count) bytes is over 255")
        }
        writeInteger(length)
        writeBytes(utf8)
    }

    mutating func readAMQPShortString() throws -> String {
        let length = Int(try readAMQPInteger(as: UInt8.self))
        guard let bytes = readSlice(length: length) else {
            throw AMQPWireError(.malformedPayload, "short string of \(length) bytes runs past the payload")
        }
        return try bytes.validatedUTF8(what: "short string")
    }

    /// A reserved short string: its bytes are skipped, whatever they are.
    mutating func skipAMQPShortString() throws {
        let length = Int(try readAMQPInteger(as: UInt8.self))
        guard readSlice(length: length) != nil else {
            throw AMQPWireError(.malformedPayload, "short string of \(length) bytes runs past the payload")
        }
    }

    // MARK: Long strings (UInt32 length, binary-safe)

    mutating func writeAMQPLongString<Bytes: Collection>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        guard let length = UInt32(exactly: bytes.count) else {
            throw AMQPWireError(.badString, "long string of \(bytes.count) bytes does not fit a 32-bit length")
        }
        writeInteger(length)
        writeBytes(bytes)
    }

    mutating func readAMQPLongStringBytes() throws -> [UInt8] {
        let length = try readAMQPLength()
        // readAMQPLength checked the bytes are there.
        return readBytes(length: length) ?? []
    }

    /// A long string that carries text (e.g. the mechanism list), so must be UTF-8.
    mutating func readAMQPLongStringText() throws -> String {
        let length = try readAMQPLength()
        guard let bytes = readSlice(length: length) else {
            throw AMQPWireError(.malformedPayload, "long string of \(length) bytes runs past the payload")
        }
        return try bytes.validatedUTF8(what: "long string")
    }

    // MARK: UTF-8

    /// The readable bytes as text, or `.badString` when they are not UTF-8.
    func validatedUTF8(what: String) throws -> String {
        let text = getString(at: readerIndex, length: readableBytes) ?? ""
        // Decoding replaces invalid sequences with U+FFFD, which changes the bytes.
        guard text.utf8.elementsEqual(readableBytesView) else {
            throw AMQPWireError(.badString, "\(what) is not valid UTF-8")
        }
        return text
    }
}

extension UInt8 {
    /// Bit `index` (0 = lowest) of a packed bit-field octet.
    func bit(_ index: UInt8) -> Bool { self & (1 << index) != 0 }
}
