import Foundation

/// The MIME encodings the renderer needs: quoted-printable and base64 bodies (RFC 2045) and
/// RFC 2047 encoded-words for non-ASCII header text.
enum MIMEEncoding {
    enum TransferEncoding: String {
        case quotedPrintable = "quoted-printable"
        case base64
    }

    /// Quoted-printable stays readable for mostly-ASCII text; base64 is smaller when much of the
    /// text is not ASCII (every such byte costs three characters in quoted-printable).
    static func preferredEncoding(for text: String) -> TransferEncoding {
        let bytes = text.utf8
        guard !bytes.isEmpty else { return .quotedPrintable }
        let escaped = bytes.filter { $0 >= 0x80 }.count
        return escaped * 3 > bytes.count ? .base64 : .quotedPrintable
    }

    static func encode(_ text: String, as encoding: TransferEncoding) -> String {
        switch encoding {
        case .quotedPrintable: return quotedPrintable(text)
        case .base64: return base64Lines(Array(text.utf8))
        }
    }

    /// Hard line breaks (any of CRLF, CR, LF) become CRLF; lines are soft-wrapped at 76 columns.
    static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { quotedPrintableLine(Array($0.utf8)) }.joined(separator: "\r\n")
    }

    private static func quotedPrintableLine(_ bytes: [UInt8]) -> String {
        var output = ""
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && !isLast)
            let token = literal ? String(UnicodeScalar(byte)) : hexEscape(byte)
            // Leave room for the "=" of a soft break unless this token ends the line.
            let limit = isLast ? 76 : 75
            if column + token.count > limit {
                output += "=\r\n"
                column = 0
            }
            output += token
            column += token.count
        }
        return output
    }

    private static func hexEscape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    /// Base64 in 76-character lines joined by CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        var lines: [String] = []
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            lines.append(String(decoding: encoded[start..<end], as: UTF8.self))
            start = end
        }
        return lines.joined(separator: "\r\n")
    }

    /// Header text: unchanged when printable ASCII, otherwise RFC 2047 `=?UTF-8?B?…?=` words of at
    /// most 75 characters, split on character boundaries and folded with CRLF SP.
    static func headerText(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            // 45 bytes → 60 base64 characters + 12 of framing = 72 ≤ 75.
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}
