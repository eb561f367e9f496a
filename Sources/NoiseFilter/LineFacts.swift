/// Cheap facts about a line, computed once, that let a masking pattern skip lines it cannot
/// match. Regular expressions cost far more than these scans on the usual line without dates.
///
/// Facts describe the line *before* masking. Masking only removes text and inserts bracketed
/// placeholders, so a pattern ruled out by them stays ruled out afterwards.
struct LineFacts {
    /// UTF-8 with ASCII letters lowercased.
    private let lowered: [UInt8]
    /// Bit `byte % 64` is set for every byte of the line: a needle with a byte whose bit is
    /// clear cannot occur, which settles most look-ups without a scan.
    private let byteMask: UInt64
    let hasDigit: Bool
    /// Longest run of hex digits, and of base64url characters (letters, digits, "+", "_", "-").
    let longestHexRun: Int
    let longestTokenRun: Int

    init(_ line: String) {
        var lowered: [UInt8] = []
        lowered.reserveCapacity(line.utf8.count)
        var byteMask: UInt64 = 0
        var hasDigit = false
        var hexRun = 0, tokenRun = 0, longestHex = 0, longestToken = 0
        for byte in line.utf8 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            lowered.append(lower)
            byteMask |= 1 << UInt64(lower % 64)
            let isDigit = byte >= 0x30 && byte <= 0x39
            let isLetter = lower >= 0x61 && lower <= 0x7A
            hasDigit = hasDigit || isDigit
            hexRun = isDigit || (lower >= 0x61 && lower <= 0x66) ? hexRun + 1 : 0
            tokenRun = isDigit || isLetter || byte == 0x2B || byte == 0x5F || byte == 0x2D ? tokenRun + 1 : 0
            longestHex = max(longestHex, hexRun)
            longestToken = max(longestToken, tokenRun)
        }
        self.lowered = lowered
        self.byteMask = byteMask
        self.hasDigit = hasDigit
        longestHexRun = longestHex
        longestTokenRun = longestToken
    }

    /// The line with ASCII letters lowercased.
    var loweredText: String { String(decoding: lowered, as: UTF8.self) }

    /// Whether the ASCII-lowercased line contains `needle`.
    func contains(_ needle: Needle) -> Bool {
        guard needle.byteMask & byteMask == needle.byteMask else { return false }
        return needle.bytes.withUnsafeBufferPointer { pattern in
            lowered.withUnsafeBufferPointer { Self.search(pattern, in: $0) }
        }
    }

    func containsAny(_ needles: [Needle]) -> Bool {
        for needle in needles where contains(needle) { return true }
        return false
    }

    /// Byte-wise substring test, far cheaper than `String.contains`; give needles in lower case.
    static func text(_ haystack: String, containsAny needles: [Needle]) -> Bool {
        LineFacts(haystack).containsAny(needles)
    }

    /// A plain loop over buffers: it stays fast in unoptimised (test) builds too.
    private static func search(_ pattern: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = pattern.count
        guard length > 0 else { return true }
        guard length <= haystack.count else { return false }
        let first = pattern[0]
        var start = 0
        while start <= haystack.count - length {
            if haystack[start] == first {
                var offset = 1
                while offset < length && haystack[start + offset] == pattern[offset] { offset += 1 }
                if offset == length { return true }
            }
            start += 1
        }
        return false
    }
}

/// A lower-case substring to look for with `LineFacts`, prepared once.
struct Needle: Sendable, ExpressibleByStringLiteral {
    let bytes: [UInt8]
    let byteMask: UInt64

    init(_ text: String) {
        bytes = Array(text.utf8)
        byteMask = bytes.reduce(0) { $0 | 1 << UInt64($1 % 64) }
    }

    init(stringLiteral value: String) {
        self.init(value)
    }
}
