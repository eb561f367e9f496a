import NIOCore

/// What one step of decoding yields: a complete scalar, or the header of an aggregate whose
/// elements follow as further items.
enum RESPItem {
    case value(RESPValue)
    /// `elements` is how many items follow: twice the pair count for maps, plus one for the
    /// annotated value of an attribute set.
    case aggregate(RESPAggregateKind, elements: Int)
}

enum RESPAggregateKind: Sendable {
    case array, set, push, map, attribute
}

/// Reads one item at a time from the readable bytes of a buffer, without moving its reader index.
/// Returns nil when the item has not fully arrived (its offset then stays put, so the helpers below
/// may advance their cursor freely); throws on bytes that can never become an item. Every length is
/// checked against the limits before anything is read or allocated for it.
struct RESPItemReader {
    private let view: ByteBufferView
    private let buffer: ByteBuffer
    private let limits: RESPLimits
    /// Bytes past the reader index already read as whole items.
    private(set) var offset: Int

    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    init(buffer: ByteBuffer, offset: Int, limits: RESPLimits) {
        self.buffer = buffer
        self.view = buffer.readableBytesView
        self.offset = offset
        self.limits = limits
    }

    mutating func readItem() throws(RESPError) -> RESPItem? {
        var cursor = view.startIndex + offset
        guard cursor < view.endIndex else { return nil }
        let type = view[cursor]
        cursor += 1
        guard let item = try readItem(type: type, at: &cursor) else { return nil }
        offset = cursor - view.startIndex
        return item
    }

    private func readItem(type: UInt8, at cursor: inout Int) throws(RESPError) -> RESPItem? {
        switch type {
        case UInt8(ascii: "+"):
            guard let line = try readLine(at: &cursor) else { return nil }
            return .value(.simpleString(String(decoding: line, as: UTF8.self)))
        case UInt8(ascii: "-"):
            guard let line = try readLine(at: &cursor) else { return nil }
            return .value(.simpleError(String(decoding: line, as: UTF8.self)))
        case UInt8(ascii: ":"):
            guard let line = try readLine(at: &cursor) else { return nil }
            guard let value = RESPNumberParsing.integer(line) else {
                throw RESPError(.badNumber, "integer '\(Self.excerpt(line))' is malformed or out of range")
            }
            return .value(.integer(value))
        case UInt8(ascii: "_"):
            guard let line = try readLine(at: &cursor) else { return nil }
            guard line.isEmpty else { throw RESPError(.badNull, "null carries content") }
            return .value(.null)
        case UInt8(ascii: ","):
            guard let line = try readLine(at: &cursor) else { return nil }
            guard let value = RESPNumberParsing.double(line) else {
                throw RESPError(.badDouble, "double '\(Self.excerpt(line))' is malformed")
            }
            return .value(.double(value))
        case UInt8(ascii: "#"):
            guard let line = try readLine(at: &cursor) else { return nil }
            switch Array(line) {
            case [UInt8(ascii: "t")]: return .value(.boolean(true))
            case [UInt8(ascii: "f")]: return .value(.boolean(false))
            default: throw RESPError(.badBoolean, "boolean '\(Self.excerpt(line))' is neither t nor f")
            }
        case UInt8(ascii: "("):
            guard let line = try readLine(at: &cursor) else { return nil }
            guard let digits = RESPNumberParsing.bigNumber(line) else {
                throw RESPError(.badNumber, "big number '\(Self.excerpt(line))' is malformed")
            }
            return .value(.bigNumber(digits))
        case UInt8(ascii: "$"):
            // RESP2's null bulk string `$-1`.
            switch try readLength(at: &cursor, allowsNull: true) {
            case nil: return nil
            case .null?: return .value(.null)
            case .count(let length)?: return try readPayload(length: length, at: &cursor).map { .value(.bulkString($0)) }
            }
        case UInt8(ascii: "!"):
            guard case .count(let length)? = try readLength(at: &cursor, allowsNull: false) else { return nil }
            return try readPayload(length: length, at: &cursor).map { .value(.bulkError($0)) }
        case UInt8(ascii: "="):
            guard case .count(let length)? = try readLength(at: &cursor, allowsNull: false) else { return nil }
            guard let payload = try readPayload(length: length, at: &cursor) else { return nil }
            return .value(try Self.verbatim(payload))
        case UInt8(ascii: "*"):
            return try readAggregateHeader(.array, at: &cursor)
        case UInt8(ascii: "%"):
            return try readAggregateHeader(.map, at: &cursor)
        case UInt8(ascii: "~"):
            return try readAggregateHeader(.set, at: &cursor)
        case UInt8(ascii: ">"):
            return try readAggregateHeader(.push, at: &cursor)
        case UInt8(ascii: "|"):
            return try readAggregateHeader(.attribute, at: &cursor)
        default:
            throw RESPError(.unknownType, "unknown type byte 0x\(String(type, radix: 16))")
        }
    }

    /// The bytes up to CRLF, leaving the cursor after it. Rejects a CR without LF and a bare LF, and
    /// only ever looks `maxLineLength + 1` bytes ahead so rescanning an incomplete line stays bounded.
    private func readLine(at cursor: inout Int) throws(RESPError) -> ByteBufferView? {
        let available = view.endIndex - cursor
        let window = limits.maxLineLength < available ? limits.maxLineLength + 1 : available
        let searched = view[cursor..<(cursor + window)]
        guard let end = searched.firstIndex(where: { $0 == Self.carriageReturn || $0 == Self.lineFeed }) else {
            if limits.maxLineLength < available {
                throw RESPError(.lineTooLong, "line longer than \(limits.maxLineLength) bytes")
            }
            return nil
        }
        guard view[end] == Self.carriageReturn else { throw RESPError(.missingCRLF, "LF without CR") }
        guard end + 1 < view.endIndex else { return nil }
        guard view[end + 1] == Self.lineFeed else { throw RESPError(.missingCRLF, "CR not followed by LF") }
        let line = view[cursor..<end]
        cursor = end + 2
        return line
    }

    private enum Length {
        /// RESP2's `-1`, only when the caller allows it.
        case null
        case count(Int)
    }

    /// A length or count header, nil while incomplete. Negatives other than an allowed `-1` are errors.
    private func readLength(at cursor: inout Int, allowsNull: Bool) throws(RESPError) -> Length? {
        guard let line = try readLine(at: &cursor) else { return nil }
        guard let length = RESPNumberParsing.integer(line) else {
            throw RESPError(.badLength, "length '\(Self.excerpt(line))' is not a number")
        }
        if length == -1, allowsNull { return .null }
        guard length >= 0, let length = Int(exactly: length) else {
            throw RESPError(.badLength, "negative length \(length)")
        }
        return .count(length)
    }

    /// The `length` bytes of a `$`, `!` or `=` payload and the CRLF after them.
    private func readPayload(length: Int, at cursor: inout Int) throws(RESPError) -> ByteBuffer? {
        guard length <= limits.maxBulkLength else {
            throw RESPError(.lengthTooLarge, "bulk length \(length) exceeds \(limits.maxBulkLength)")
        }
        let available = view.endIndex - cursor
        guard available >= 2, available - 2 >= length else { return nil }
        let end = cursor + length
        guard view[end] == Self.carriageReturn, view[end + 1] == Self.lineFeed else {
            throw RESPError(.missingCRLF, "bulk payload of \(length) bytes not followed by CRLF")
        }
        let start = buffer.readerIndex + (cursor - view.startIndex)
        guard let payload = buffer.getSlice(at: start, length: length) else {
            throw RESPError(.badLength, "bulk payload outside the buffer")
        }
        cursor = end + 2
        return payload
    }

    private func readAggregateHeader(
        _ kind: RESPAggregateKind,
        at cursor: inout Int
    ) throws(RESPError) -> RESPItem? {
        // Only RESP2 arrays have a null form (`*-1`).
        let count: Int
        switch try readLength(at: &cursor, allowsNull: kind == .array) {
        case nil: return nil
        case .null?: return .value(.null)
        case .count(let announced)?: count = announced
        }
        guard count <= limits.maxAggregateCount else {
            throw RESPError(.tooManyElements, "aggregate of \(count) exceeds \(limits.maxAggregateCount)")
        }
        switch kind {
        case .array, .set, .push:
            return .aggregate(kind, elements: count)
        case .map:
            return .aggregate(kind, elements: try Self.pairElements(count))
        case .attribute:
            let (elements, overflow) = try Self.pairElements(count).addingReportingOverflow(1)
            guard !overflow else { throw RESPError(.tooManyElements, "attribute count \(count) overflows") }
            return .aggregate(kind, elements: elements)
        }
    }

    private static func pairElements(_ pairs: Int) throws(RESPError) -> Int {
        let (elements, overflow) = pairs.multipliedReportingOverflow(by: 2)
        guard !overflow else { throw RESPError(.tooManyElements, "map count \(pairs) overflows") }
        return elements
    }

    /// `fmt:text`: three format bytes, a colon, then the text.
    private static func verbatim(_ payload: ByteBuffer) throws(RESPError) -> RESPValue {
        let bytes = payload.readableBytesView
        guard bytes.count >= 4, bytes[bytes.startIndex + 3] == UInt8(ascii: ":") else {
            throw RESPError(.badVerbatim, "verbatim string lacks 'fmt:' prefix")
        }
        let format = String(decoding: bytes[bytes.startIndex..<(bytes.startIndex + 3)], as: UTF8.self)
        let text = payload.getSlice(at: payload.readerIndex + 4, length: bytes.count - 4) ?? ByteBuffer()
        return .verbatimString(format: format, text)
    }

    /// A short, printable rendering of offending bytes for error messages.
    private static func excerpt(_ bytes: ByteBufferView) -> String {
        let text = String(decoding: bytes.prefix(32), as: UTF8.self)
        return String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
    }
}
