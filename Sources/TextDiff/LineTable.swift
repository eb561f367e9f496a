/// The lines of one text as byte ranges into its UTF-8 bytes, so splitting and interning copy
/// nothing and allocate no `String` per line.
///
/// Holds an unsafe pointer: valid only inside the closure that lent `bytes` (see
/// `EditScript.compute`), and never stored beyond it.
struct LineTable {
    let bytes: UnsafeRawBufferPointer
    /// Line `i` is `bytes[ranges[i]]`, without its "\n".
    let ranges: [Range<Int>]

    var count: Int { ranges.count }

    func line(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[ranges[index]])
    }

    func string(_ index: Int) -> String {
        // The bytes came from a String and "\n" is ASCII, so every line is valid UTF-8 and
        // decoding returns exactly these bytes.
        String(decoding: line(index), as: UTF8.self)
    }

    /// Splits on the byte "\n" only. Splitting by `Character` would miss "\r\n", which Swift
    /// treats as one grapheme; here "\r" stays part of its line, as GNU diff sees it. A trailing
    /// "\n" ends the last line rather than starting an empty one, so "" has no lines and "\n" has
    /// one.
    init(splitting bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        var ranges: [Range<Int>] = []
        var lineStart = 0
        var position = 0
        let count = bytes.count
        // Eight bytes at a time: a zero byte in `word ^ newlines` marks a "\n". The classic
        // has-zero-byte test below can flag bytes above the first real zero, never below it,
        // so its lowest flagged byte (in little-endian order) is exact.
        let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                ^ newlines
            let zeroBytes = (word &- ones) & ~word & highBits
            if zeroBytes == 0 {
                position += 8
            } else {
                let newline = position + zeroBytes.trailingZeroBitCount / 8
                ranges.append(lineStart..<newline)
                lineStart = newline + 1
                position = lineStart
            }
        }
        while position < count {
            if bytes[position] == UInt8(ascii: "\n") {
                ranges.append(lineStart..<position)
                lineStart = position + 1
            }
            position += 1
        }
        if lineStart < count {
            ranges.append(lineStart..<count)
        }
        self.ranges = ranges
    }

    init(bytes: UnsafeRawBufferPointer, ranges: [Range<Int>]) {
        self.bytes = bytes
        self.ranges = ranges
    }
}
