import NIOCore

extension RESPValue {
    /// Writes this value in RESP3 wire form. Line types (simple strings and errors, big numbers)
    /// cannot carry CR or LF, so those become spaces rather than desynchronising the stream; a
    /// verbatim format should be exactly three bytes (it is written as given).
    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .simpleString(let text):
            buffer.writeRESPLine(type: "+", Self.singleLine(text))
        case .simpleError(let text):
            buffer.writeRESPLine(type: "-", Self.singleLine(text))
        case .integer(let value):
            buffer.writeRESPLine(type: ":", String(value))
        case .bulkString(let bytes):
            buffer.writeRESPBulk(type: "$", bytes)
        case .null:
            buffer.writeRESPLine(type: "_", "")
        case .double(let value):
            buffer.writeRESPLine(type: ",", Self.doubleText(value))
        case .boolean(let value):
            buffer.writeRESPLine(type: "#", value ? "t" : "f")
        case .bigNumber(let digits):
            buffer.writeRESPLine(type: "(", Self.singleLine(digits))
        case .bulkError(let bytes):
            buffer.writeRESPBulk(type: "!", bytes)
        case .verbatimString(let format, let text):
            let formatBytes = Array(format.utf8)
            buffer.writeRESPLine(type: "=", String(formatBytes.count + 1 + text.readableBytes))
            buffer.writeBytes(formatBytes)
            buffer.writeInteger(UInt8(ascii: ":"))
            buffer.writeImmutableBuffer(text)
            buffer.writeRESPLineEnd()
        case .array(let elements):
            Self.encodeAggregate(type: "*", elements, into: &buffer)
        case .set(let elements):
            Self.encodeAggregate(type: "~", elements, into: &buffer)
        case .push(let elements):
            Self.encodeAggregate(type: ">", elements, into: &buffer)
        case .map(let pairs):
            Self.encodePairs(type: "%", pairs, into: &buffer)
        case .attributed(let attributes, let value):
            Self.encodePairs(type: "|", attributes, into: &buffer)
            value.encode(into: &buffer)
        }
    }

    private static func encodeAggregate(type: Unicode.Scalar, _ elements: [RESPValue], into buffer: inout ByteBuffer) {
        buffer.writeRESPLine(type: type, String(elements.count))
        for element in elements { element.encode(into: &buffer) }
    }

    private static func encodePairs(type: Unicode.Scalar, _ pairs: [RESPPair], into buffer: inout ByteBuffer) {
        buffer.writeRESPLine(type: type, String(pairs.count))
        for pair in pairs {
            pair.key.encode(into: &buffer)
            pair.value.encode(into: &buffer)
        }
    }

    private static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return String(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : Character($0) })
    }

    /// Swift's shortest round-tripping form (`1.0`, `1e-05`) already fits the RESP3 grammar.
    private static func doubleText(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(value)
    }
}
