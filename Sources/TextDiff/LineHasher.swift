/// A fast keyed 64-bit hash of a line's bytes, for interning.
///
/// Why not `Hasher`: SipHash over every line was a large share of a diff's time. Why keyed:
/// pages are written by others, and with a fixed key someone could craft many lines that share
/// a hash and make interning quadratic. The key is random per process, as `Hasher`'s is, and
/// the construction (folded 64×64→128-bit multiplies, as in wyhash and Go's runtime map hash)
/// mixes every input word with key material. Hash values never reach the result: codes are
/// handed out in order of first appearance, so diffs are the same in every process.
struct LineHasher {
    private let key0: UInt64
    private let key1: UInt64
    private let key2: UInt64

    static let process: LineHasher = {
        var generator = SystemRandomNumberGenerator()
        return LineHasher(key0: generator.next(), key1: generator.next(), key2: generator.next())
    }()

    private init(key0: UInt64, key1: UInt64, key2: UInt64) {
        self.key0 = key0
        self.key1 = key1
        self.key2 = key2
    }

    func hash(_ line: UnsafeRawBufferPointer) -> UInt64 {
        let count = line.count
        var state = key0 ^ UInt64(truncatingIfNeeded: count)
        var offset = 0
        while count - offset > 16 {
            state = Self.fold(Self.word(line, offset) ^ key1, Self.word(line, offset + 8) ^ state)
            offset += 16
        }
        // The last 1...16 bytes (none for an empty line), read as two possibly overlapping
        // pieces; the length mixed in above tells the overlaps apart.
        let rest = count - offset
        var low: UInt64 = 0, high: UInt64 = 0
        if rest >= 8 {
            low = Self.word(line, offset)
            high = Self.word(line, count - 8)
        } else if rest >= 4 {
            low = UInt64(UInt32(littleEndian: line.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            high = UInt64(UInt32(littleEndian: line.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
        } else if rest > 0 {
            low = UInt64(line[offset]) << 16 | UInt64(line[offset + rest / 2]) << 8 | UInt64(line[count - 1])
        }
        state = Self.fold(low ^ key1, high ^ state)
        return Self.fold(state ^ key2, UInt64(truncatingIfNeeded: count) ^ key0)
    }

    private static func word(_ line: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: line.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    private static func fold(_ left: UInt64, _ right: UInt64) -> UInt64 {
        let product = left.multipliedFullWidth(by: right)
        return product.high ^ product.low
    }
}
