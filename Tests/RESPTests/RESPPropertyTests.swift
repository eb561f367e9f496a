import NIOCore
import RESP
import Testing

@Suite("Seeded random inputs: garbage never crashes, valid trees round-trip")
struct RESPPropertyTests {
    /// Bytes that matter to the grammar are drawn more often than others, so random inputs get
    /// past the first byte and exercise headers, lengths and nesting.
    private static let interestingBytes = Array("+-:$*_,#(!=%~>|\r\n0123456789-?tfinae.:".utf8) + [0, 0xFF]

    private static func randomBytes(using generator: inout SeededGenerator) -> [UInt8] {
        let count = Int.random(in: 0...48, using: &generator)
        return (0..<count).map { _ in
            Bool.random(using: &generator)
                ? interestingBytes.randomElement(using: &generator) ?? 0
                : UInt8.random(in: 0...255, using: &generator)
        }
    }

    @Test("2,000 random byte strings decode, ask for more, or throw; never crash or misbehave")
    func randomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 0x5EED_0001)
        var outcomes = (values: 0, needMore: 0, errors: 0)
        for _ in 0..<2_000 {
            let bytes = Self.randomBytes(using: &generator)
            let limits = RESPLimits(maxBulkLength: 64, maxAggregateCount: 8, maxDepth: 4, maxLineLength: 32)
            var decoder = RESPDecoder(limits: limits)
            var buffer = ByteBuffer(bytes: bytes)
            do throws(RESPError) {
                while true {
                    let before = buffer.readerIndex
                    guard let value = try decoder.decode(&buffer) else {
                        #expect(buffer.readerIndex == before)
                        outcomes.needMore += 1
                        break
                    }
                    #expect(buffer.readerIndex > before)
                    outcomes.values += 1
                    // Whatever decodes must re-encode to bytes that decode to the same encoding.
                    let first = encoded(value)
                    var again = ByteBuffer(bytes: first)
                    var fresh = RESPDecoder()
                    if let redecoded = try fresh.decode(&again) {
                        #expect(encoded(redecoded) == first, "\(bytes)")
                    } else {
                        Issue.record("re-encoded value incomplete: \(bytes)")
                    }
                }
            } catch {
                outcomes.errors += 1
            }
        }
        // All three outcomes must actually occur, or the generator is not exploring.
        #expect(outcomes.values > 0)
        #expect(outcomes.needMore > 0)
        #expect(outcomes.errors > 0)
    }

    @Test("Random truncations and single-byte corruptions of valid values never crash")
    func corruptedValidValues() {
        var generator = SeededGenerator(seed: 0x5EED_0002)
        for _ in 0..<1_000 {
            var bytes = encoded(RandomRESPValue.make(depth: 3, using: &generator))
            if !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            }
            var decoder = RESPDecoder()
            var buffer = ByteBuffer(bytes: bytes)
            do throws(RESPError) {
                while try decoder.decode(&buffer) != nil {}
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("500 random value trees round-trip through encode and decode under random splits")
    func randomTreesRoundTrip() throws {
        var generator = SeededGenerator(seed: 0x5EED_0003)
        for _ in 0..<500 {
            let values = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                RandomRESPValue.make(depth: 4, using: &generator)
            }
            let wire = values.flatMap(encoded)
            var chunks: [Int] = []
            var total = 0
            while total < wire.count {
                let chunk = Int.random(in: 1...max(1, wire.count / 3), using: &generator)
                chunks.append(chunk)
                total += chunk
            }
            let decoded = try decodeStream(wire, chunks: chunks)
            #expect(decoded == values)
        }
    }

    @Test("Random trees survive being fed one byte at a time")
    func randomTreesDripFed() throws {
        var generator = SeededGenerator(seed: 0x5EED_0004)
        for _ in 0..<100 {
            let value = RandomRESPValue.make(depth: 3, using: &generator)
            let wire = encoded(value)
            #expect(try decodeStream(wire, chunks: Array(repeating: 1, count: wire.count)) == [value])
        }
    }
}

/// Random valid values: every case, NaN excluded (it is not equal to itself), line types without
/// CR or LF (which encoding would replace).
enum RandomRESPValue {
    static func make(depth: Int, using generator: inout SeededGenerator) -> RESPValue {
        let kinds = depth > 0 ? 15 : 10
        switch Int.random(in: 0..<kinds, using: &generator) {
        case 0: return .simpleString(text(using: &generator))
        case 1: return .simpleError("ERR " + text(using: &generator))
        case 2: return .integer(Int64.random(in: .min ... .max, using: &generator))
        case 3: return .bulkString(bytes(using: &generator))
        case 4: return .null
        case 5: return .double(double(using: &generator))
        case 6: return .boolean(Bool.random(using: &generator))
        case 7:
            let digits = (0..<Int.random(in: 1...60, using: &generator)).map { _ in
                String(Int.random(in: 0...9, using: &generator))
            }
            return .bigNumber((Bool.random(using: &generator) ? "-" : "") + digits.joined())
        case 8: return .bulkError(bytes(using: &generator))
        case 9:
            let format = String((0..<3).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &generator) ?? "t" })
            return .verbatimString(format: format, bytes(using: &generator))
        case 10: return .array(elements(depth: depth, using: &generator))
        case 11: return .set(elements(depth: depth, using: &generator))
        case 12: return .push(elements(depth: depth, using: &generator))
        case 13: return .map(pairs(depth: depth, using: &generator))
        default: return .attributed(pairs(depth: depth, using: &generator), make(depth: depth - 1, using: &generator))
        }
    }

    private static func elements(depth: Int, using generator: inout SeededGenerator) -> [RESPValue] {
        (0..<Int.random(in: 0...4, using: &generator)).map { _ in make(depth: depth - 1, using: &generator) }
    }

    private static func pairs(depth: Int, using generator: inout SeededGenerator) -> [RESPPair] {
        (0..<Int.random(in: 0...3, using: &generator)).map { _ in
            RESPPair(key: make(depth: depth - 1, using: &generator), value: make(depth: depth - 1, using: &generator))
        }
    }

    private static func text(using generator: inout SeededGenerator) -> String {
        let alphabet = Array("abc XYZ 019 :$*-+é☃🙂\t\0")
        let count = Int.random(in: 0...12, using: &generator)
        return String((0..<count).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
    }

    private static func bytes(using generator: inout SeededGenerator) -> ByteBuffer {
        let count = Int.random(in: 0...24, using: &generator)
        return ByteBuffer(bytes: (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    private static func double(using generator: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0:
            let extremes = [Double.infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
            return extremes.randomElement(using: &generator) ?? 0
        case 1: return Double(Int.random(in: -1000...1000, using: &generator))
        default:
            // Any bit pattern that is not NaN, so subnormals and extreme exponents appear.
            let candidate = Double(bitPattern: generator.next())
            return candidate.isNaN ? 1.5 : candidate
        }
    }
}
