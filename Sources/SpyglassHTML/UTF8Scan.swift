/// One fast pass over UTF-8 bytes (eight at a time while they are ASCII):
/// whether they are well-formed, and whether a NUL occurs. Lets valid
/// pages and text skip the decode-and-repair copies.
enum UTF8Scan {
    struct Result {
        /// Well-formed UTF-8 (Unicode table 3-7: no overlongs, surrogates or values above U+10FFFF).
        var isValid: Bool
        /// A NUL byte occurs (before the first malformed sequence, when not valid).
        var containsNUL: Bool
    }

    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        scan(bytes).isValid
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        guard let base = bytes.baseAddress else { return Result(isValid: true, containsNUL: false) }
        let count = bytes.count
        var containsNUL = false
        var index = 0
        while index < count {
            // The common case: eight bytes from 0x01 to 0x7F (no high bit set,
            // and subtracting one from each borrows nowhere).
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                guard (word | (word &- 0x0101_0101_0101_0101)) & 0x8080_8080_8080_8080 == 0 else { break }
                index += 8
            }
            if index + 8 <= count {
                // Read little-endian: byte i is bits 8i..<8i+8 on every platform.
                // The lowest flag in `zeros` marks a zero byte (flags above it
                // can be false), so a flag below the first non-ASCII byte is a NUL.
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let high = word & 0x8080_8080_8080_8080
                let zeros = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                if zeros != 0 && zeros.trailingZeroBitCount < high.trailingZeroBitCount { containsNUL = true }
                // Skip the ASCII bytes before the first non-ASCII one (all eight when none).
                let asciiCount = high.trailingZeroBitCount / 8
                index += asciiCount
                if asciiCount == 8 { continue }
            }
            let lead = base[index]
            if lead < 0x80 {
                if lead == 0 { containsNUL = true }
                index += 1
                continue
            }
            let length = sequenceLength(base, count: count, at: index)
            guard length > 0 else { return Result(isValid: false, containsNUL: containsNUL) }
            index += length
        }
        return Result(isValid: true, containsNUL: containsNUL)
    }

    /// Length of the well-formed multi-byte sequence starting at `index`, or 0.
    private static func sequenceLength(_ base: UnsafePointer<UInt8>, count: Int, at index: Int) -> Int {
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch base[index] {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; second = 0x80...0x9F
        case 0xF0: length = 4; second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; second = 0x80...0x8F
        default: return 0
        }
        guard index + length <= count, second.contains(base[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(base[index + offset]) {
            return 0
        }
        return length
    }
}
