/// Chooses the character encoding of an HTML page roughly as browsers do:
/// a byte-order mark, else the caller's charset (from Content-Type), else a
/// `<meta>` declaration near the start, else UTF-8 when the bytes are (mostly)
/// UTF-8, else windows-1252.
enum CharsetDetection {
    /// How far into the page `<meta charset>` is looked for (browsers use 1024
    /// bytes; long inline scripts and comments push it further on real pages).
    static let prescanLength = 4096

    static let utf8 = "UTF-8"
    static let windows1252 = "WINDOWS-1252"

    /// Declared encodings in order of precedence; the first one iconv knows
    /// wins, and `sniffed(_:)` decides when none does.
    static func declared(for bytes: [UInt8], callerCharset: String?) -> [String] {
        var result: [String] = []
        if let fromMark = byteOrderMark(bytes) { result.append(fromMark) }
        if let callerCharset, let label = canonicalLabel(callerCharset) { result.append(label) }
        if let fromMeta = metaCharset(bytes).flatMap(canonicalLabel) {
            // A page whose <meta> we could read as ASCII is not UTF-16/32.
            result.append(fromMeta.hasPrefix("UTF-16") || fromMeta.hasPrefix("UTF-32") ? utf8 : fromMeta)
        }
        return result
    }

    /// The encoding of a page that declares none.
    static func sniffed(_ bytes: [UInt8]) -> String {
        looksLikeUTF8(bytes) ? utf8 : windows1252
    }

    /// The `charset` parameter of a Content-Type header value, if any.
    static func charset(contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingASCIISpace().asciiLowercased() == "charset" else { continue }
            let value = String(parts[1]).trimmingASCIISpace()
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// A charset label reduced to the name iconv expects, with the WHATWG
    /// aliases that matter (ISO-8859-1 means windows-1252 on the web).
    /// Labels with characters outside `[A-Za-z0-9._:-]` are refused: they
    /// could carry iconv modifiers such as `//IGNORE`.
    static func canonicalLabel(_ raw: String) -> String? {
        let trimmed = raw.unicodeScalars
            .drop { $0.properties.isWhitespace || $0 == "\"" || $0 == "'" }
            .reversed()
            .drop { $0.properties.isWhitespace || $0 == "\"" || $0 == "'" }
            .reversed()
        var label = ""
        label.unicodeScalars.append(contentsOf: trimmed)
        label = label.asciiLowercased()
        guard (1...40).contains(label.unicodeScalars.count),
              label.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
                  || $0.properties.numericType != nil || "._:-".unicodeScalars.contains($0)) })
        else { return nil }
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
            return utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "l1", "cp1252", "cp819",
             "ibm819", "csisolatin1", "us-ascii", "ascii", "ansi_x3.4-1968", "windows-1252", "x-cp1252":
            return windows1252
        case "gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "iso-ir-58", "gb_2312-80":
            return "GB18030"
        default:
            return label.uppercased()
        }
    }

    static func byteOrderMark(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return utf8 }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        return nil
    }

    /// The charset named by the first `<meta charset=…>` or
    /// `<meta http-equiv=… content="…; charset=…">` outside comments.
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let prefix = bytes.prefix(prescanLength).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        var index = 0
        while index < prefix.count {
            if prefix[index] != UInt8(ascii: "<") {
                index += 1
            } else if prefix[index...].starts(with: commentOpen) {
                guard let end = find(commentClose, in: prefix[...], from: index + 4) else { return nil }
                index = end + 3
            } else if prefix[index...].starts(with: metaOpen),
                      index + 5 < prefix.count, isTagNameEnd(prefix[index + 5]) {
                let tagEnd = prefix[index...].firstIndex(of: UInt8(ascii: ">")) ?? prefix.count
                if let label = charsetValue(in: prefix[index..<tagEnd]) { return label }
                index = tagEnd
            } else {
                index += 1
            }
        }
        return nil
    }

    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)
    private static let metaOpen = Array("<meta".utf8)

    private static func isTagNameEnd(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D || byte == UInt8(ascii: "/")
    }

    private static func charsetValue(in tag: ArraySlice<UInt8>) -> String? {
        guard var index = find(Array("charset".utf8), in: tag, from: tag.startIndex) else { return nil }
        index += 7
        func skipSpaces() { while index < tag.endIndex, tag[index] == 0x20 || tag[index] == 0x09 { index += 1 } }
        skipSpaces()
        guard index < tag.endIndex, tag[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        skipSpaces()
        if index < tag.endIndex, tag[index] == UInt8(ascii: "\"") || tag[index] == UInt8(ascii: "'") { index += 1 }
        let start = index
        while index < tag.endIndex, !" \t\n\r\"';/>".utf8.contains(tag[index]) { index += 1 }
        guard index > start else { return nil }
        return String(decoding: tag[start..<index], as: UTF8.self)
    }

    /// The index of the first occurrence of `needle` in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = max(start, haystack.startIndex)
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// True when the bytes hold more valid multi-byte UTF-8 sequences than
    /// invalid bytes: a UTF-8 page with a stray byte stays UTF-8, while
    /// Latin-1 text (whose accented letters are lone high bytes) does not.
    static func looksLikeUTF8(_ bytes: [UInt8]) -> Bool {
        var valid = 0
        var invalid = 0
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length = validSequenceLength(bytes, at: index)
            if length > 0 {
                valid += 1
                index += length
            } else {
                invalid += 1
                index += 1
            }
        }
        return invalid == 0 || valid > invalid
    }

    /// Length of the well-formed UTF-8 sequence starting at `index`, or 0.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return 0
        }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) {
            return 0
        }
        return length
    }
}
