import NIOCore

/// A value in an AMQP field table or field array, with RabbitMQ's type tags
/// (the ones every broker in use speaks, which differ from the 0-9-1 PDF for
/// 's', 'l' and 'x').
public indirect enum AMQPFieldValue: Sendable, Equatable {
    case boolean(Bool)             // t
    case int8(Int8)                // b
    case uint8(UInt8)              // B
    case int16(Int16)              // s
    case uint16(UInt16)            // u
    case int32(Int32)              // I
    case uint32(UInt32)            // i
    case int64(Int64)              // l
    case float(Float)              // f
    case double(Double)            // d
    case decimal(scale: UInt8, value: UInt32) // D
    case longString([UInt8])       // S (bytes: AMQP long strings are binary-safe)
    case timestamp(UInt64)         // T (seconds since the epoch)
    case table(AMQPFieldTable)     // F
    case array([AMQPFieldValue])   // A
    case void                      // V
    case bytes([UInt8])            // x

    /// A long string from text.
    public static func string(_ text: String) -> AMQPFieldValue { .longString(Array(text.utf8)) }

    /// The text of a long string, if it is one and is UTF-8.
    public var stringValue: String? {
        guard case .longString(let bytes) = self else { return nil }
        // Decoding repairs invalid sequences; a round trip tells whether there were any.
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }
}

/// A field table: ordered name → value pairs (order kept so encoding round-trips byte for byte).
public struct AMQPFieldTable: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public var entries: [(name: String, value: AMQPFieldValue)]

    public init(_ entries: [(name: String, value: AMQPFieldValue)] = []) {
        self.entries = entries
    }

    public init(dictionaryLiteral elements: (String, AMQPFieldValue)...) {
        self.entries = elements.map { (name: $0.0, value: $0.1) }
    }

    public subscript(name: String) -> AMQPFieldValue? {
        get { entries.first { $0.name == name }?.value }
        set {
            entries.removeAll { $0.name == name }
            if let newValue { entries.append((name: name, value: newValue)) }
        }
    }

    public var isEmpty: Bool { entries.isEmpty }

    public static func == (lhs: AMQPFieldTable, rhs: AMQPFieldTable) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
