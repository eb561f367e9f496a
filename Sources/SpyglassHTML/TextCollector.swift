#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds normalised lines from a stream of text and structure events:
/// whitespace runs (including no-break spaces) become one space, lines are
/// trimmed, empty lines are dropped, table cells on a row are joined by " | ".
/// Stops accepting text once `maxBytes` of output (UTF-8) are reached.
///
/// Works on UTF-8 bytes, one Unicode scalar at a time (never on Characters),
/// and copies runs of visible ASCII whole: a 1 MB page is mostly such runs.
struct TextCollector {
    private static let cellSeparator: [UInt8] = Array(" | ".utf8)

    private(set) var lines: [String] = []
    private(set) var isFull = false
    private let maxBytes: Int
    /// The line being built; always valid UTF-8, since only whole scalars are added.
    private var line: [UInt8] = []
    private var usedBytes = 0
    private var pendingSpace = false
    private var pendingCellSeparator = false
    /// Inside a table cell, block boundaries become spaces so a row stays one line.
    private var cellDepth = 0

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// Appends text; in preformatted text a newline ends the line.
    mutating func append(_ text: String, preformatted: Bool = false) {
        var text = text
        text.withUTF8 { append(utf8: $0, preformatted: preformatted) }
    }

    /// Appends a NUL-terminated string from libxml2. Malformed UTF-8 is read
    /// as `String(cString:)` reads it (U+FFFD for each bad sequence).
    mutating func append(cString: UnsafePointer<UInt8>, preformatted: Bool) {
        let length = strlen(UnsafeRawPointer(cString).assumingMemoryBound(to: CChar.self))
        let bytes = UnsafeBufferPointer(start: cString, count: length)
        if UTF8Scan.isValid(bytes) {
            append(utf8: bytes, preformatted: preformatted)
        } else {
            append(String(decoding: bytes, as: UTF8.self), preformatted: preformatted)
        }
    }

    /// `text` must be valid UTF-8.
    private mutating func append(utf8 text: UnsafeBufferPointer<UInt8>, preformatted: Bool) {
        var index = 0
        while index < text.count {
            guard !isFull else { return }
            let lead = text[index]
            if lead < 0x80 {
                index += 1
                if lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) {
                    whitespace(endsLine: lead == 0x0A || lead == 0x0D, preformatted: preformatted)
                } else if lead >= 0x21 && lead != 0x7F {
                    guard add(text, from: index - 1, count: 1) else { return }
                    index = appendASCIIRun(text, from: index)
                }
                // Other ASCII bytes are control characters (NUL included): not visible text.
                continue
            }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + length <= text.count else { return }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length { scalar = scalar << 6 | UInt32(text[index + offset] & 0x3F) }
            let start = index
            index += length
            if Self.isNonASCIIWhitespace(scalar) {
                whitespace(endsLine: false, preformatted: preformatted)
            } else if scalar <= 0x9F || scalar == 0xFEFF {
                // C1 control characters and the byte-order mark are not visible text.
                continue
            } else if !add(text, from: start, count: length) {
                return
            }
        }
    }

    /// Copies the visible ASCII that follows a scalar just added, as it is:
    /// each byte costs one byte of output, and so does a single space between
    /// two such bytes (the separator it would become). Returns the index of
    /// the first byte not consumed; sets `isFull` when the output limit cuts
    /// the run, at the scalar where adding one at a time would have stopped.
    private mutating func appendASCIIRun(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = text.baseAddress else { return start }
        var end = start
        while end < text.count {
            if end + 8 <= text.count,
               Self.isRunWord(UInt64(littleEndian: UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self))) {
                end += 8
                continue
            }
            let byte = text[end]
            if byte >= 0x21 && byte < 0x7F {
                end += 1
            } else if byte == 0x20, end + 1 < text.count, text[end + 1] >= 0x21, text[end + 1] < 0x7F {
                end += 2
            } else {
                break
            }
        }
        var fitting = min(end - start, max(maxBytes - usedBytes, 0))
        // A space is only ever added together with the byte after it.
        if fitting < end - start, fitting > 0, text[start + fitting - 1] == 0x20 { fitting -= 1 }
        line.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<start + fitting]))
        usedBytes += fitting
        if fitting < end - start { isFull = true }
        return end
    }

    /// Whether eight bytes (byte i in bits 8i..<8i+8) continue a run as the
    /// byte-at-a-time loop would take them: all from 0x20 to 0x7E, and every
    /// space followed by a visible byte inside the word. (The byte before the
    /// word is visible: a run never ends on a space.)
    private static func isRunWord(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let below0x20 = (word &- 0x20 &* ones) & ~word & highBits
        let above0x7E = ((word &+ ones) | word) & highBits
        guard below0x20 | above0x7E == 0 else { return false }
        // All bytes are now below 0x80, so this flags exactly the spaces.
        let flipped = word ^ (0x20 &* ones)
        let spaces = ~(((flipped & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | flipped) & highBits
        return spaces & (spaces >> 8) == 0 && spaces & 0x8000_0000_0000_0000 == 0
    }

    /// Unicode White_Space above U+007F (`Unicode.Scalar.Properties.isWhitespace`).
    private static func isNonASCIIWhitespace(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    private mutating func whitespace(endsLine: Bool, preformatted: Bool) {
        if preformatted && endsLine && cellDepth == 0 {
            endLine()
        } else {
            pendingSpace = true
        }
    }

    /// Adds one scalar's bytes with the pending separator; false (and full)
    /// when they do not fit.
    private mutating func add(_ text: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Bool {
        let separator = line.isEmpty ? 0 : pendingCellSeparator ? Self.cellSeparator.count : pendingSpace ? 1 : 0
        // A line after the first also costs the newline that will join it.
        let cost = separator + count + (line.isEmpty && !lines.isEmpty ? 1 : 0)
        guard usedBytes + cost <= maxBytes else {
            isFull = true
            return false
        }
        usedBytes += cost
        if separator == 1 {
            line.append(0x20)
        } else if separator > 1 {
            line.append(contentsOf: Self.cellSeparator)
        }
        // One scalar: byte appends beat a bulk copy's setup.
        for index in start..<start + count { line.append(text[index]) }
        pendingSpace = false
        pendingCellSeparator = false
        return true
    }

    /// A block element starts or ends: a new line, or a space inside a table cell.
    mutating func blockBoundary() {
        if cellDepth > 0 {
            pendingSpace = true
        } else {
            endLine()
        }
    }

    mutating func startCell() {
        if !line.isEmpty { pendingCellSeparator = true }
        cellDepth += 1
    }

    mutating func endCell() {
        cellDepth = max(cellDepth - 1, 0)
        pendingSpace = true
    }

    /// Ends the current line.
    mutating func endLine() {
        if !line.isEmpty { lines.append(String(decoding: line, as: UTF8.self)) }
        line.removeAll(keepingCapacity: true)
        pendingSpace = false
        pendingCellSeparator = false
    }

    /// The finished lines.
    mutating func finish() -> [String] {
        endLine()
        return lines
    }
}
