import NIOCore
import RESP
import Testing

/// Feeds `bytes` to one decoder in the given chunks, as a socket would deliver them, and returns
/// every value decoded. Checks on the way that a nil answer never moves the reader index.
func decodeStream(_ bytes: [UInt8], chunks: [Int], limits: RESPLimits = RESPLimits()) throws(RESPError) -> [RESPValue] {
    var decoder = RESPDecoder(limits: limits)
    var buffer = ByteBuffer()
    var values: [RESPValue] = []
    var position = 0
    for chunk in chunks + [bytes.count] {
        let end = min(bytes.count, position + chunk)
        buffer.writeBytes(bytes[position..<end])
        position = end
        while true {
            let readerIndexBefore = buffer.readerIndex
            guard let value = try decoder.decode(&buffer) else {
                #expect(buffer.readerIndex == readerIndexBefore, "nil must leave the reader index alone")
                break
            }
            #expect(buffer.readerIndex > readerIndexBefore, "a value must consume bytes")
            values.append(value)
        }
        if position == bytes.count { break }
    }
    return values
}

/// Every way of cutting `bytes` in two, then one byte at a time; each must decode to `expected`.
func expectEverySplitDecodes(
    _ bytes: [UInt8],
    to expected: [RESPValue],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    for cut in 0...bytes.count {
        let values = try decodeStream(bytes, chunks: [cut])
        #expect(values == expected, "split at \(cut)", sourceLocation: sourceLocation)
    }
    let dripped = try decodeStream(bytes, chunks: Array(repeating: 1, count: bytes.count))
    #expect(dripped == expected, "byte by byte", sourceLocation: sourceLocation)
    // Every strict prefix of a single value is "need more", never an error, never a value.
    if expected.count == 1 {
        for length in 0..<bytes.count {
            var decoder = RESPDecoder()
            var buffer = ByteBuffer(bytes: bytes[0..<length])
            let value = try decoder.decode(&buffer)
            #expect(value == nil, "prefix of \(length) bytes", sourceLocation: sourceLocation)
            #expect(buffer.readerIndex == 0, sourceLocation: sourceLocation)
        }
    }
}

/// Decodes `wire` in one piece and expects the given error code, however the bytes are split.
func expectDecodeError(
    _ code: RESPError.Code,
    _ wire: [UInt8],
    limits: RESPLimits = RESPLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    // Drip-feeding rescans incomplete lines, so it is kept to inputs of modest size.
    let feeds = wire.count <= 4096 ? [[wire.count], Array(repeating: 1, count: wire.count)] : [[wire.count]]
    for chunks in feeds {
        do throws(RESPError) {
            let values = try decodeStream(wire, chunks: chunks, limits: limits)
            Issue.record("expected \(code), decoded \(values)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        }
    }
}

func expectDecodeError(
    _ code: RESPError.Code,
    _ wire: String,
    limits: RESPLimits = RESPLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectDecodeError(code, Array(wire.utf8), limits: limits, sourceLocation: sourceLocation)
}

func encoded(_ value: RESPValue) -> [UInt8] {
    var buffer = ByteBuffer()
    value.encode(into: &buffer)
    return Array(buffer.readableBytesView)
}

func encoded(_ command: RESPCommand) -> String {
    var buffer = ByteBuffer()
    command.encode(into: &buffer)
    return String(buffer: buffer)
}

func bulk(_ text: String) -> RESPValue { .bulkString(ByteBuffer(string: text)) }

/// SplitMix64: small, seeded, and the same on every platform, so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
