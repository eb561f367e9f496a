import NIOCore

/// Incremental decoder for SMTP replies (RFC 5321 §4.2). Returns `nil` with the reader index
/// untouched while a reply is incomplete; throws `SMTPError.Code.malformedReply` on bytes that can
/// never become a reply. Line length and line count are bounded so a hostile server cannot make
/// us buffer without limit.
struct SMTPReplyDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// Longest accepted line, excluding CRLF (RFC 5321 allows 512; real servers send more).
    static let maximumLineLength = 4096
    /// Most lines accepted in one multi-line reply (EHLO replies have about a dozen).
    static let maximumLineCount = 128

    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    mutating func decode(buffer: inout ByteBuffer) throws -> SMTPReply? {
        let view = buffer.readableBytesView
        var lineStart = view.startIndex
        var code: Int?
        var lines: [String] = []

        while true {
            // Only look as far as a legal line could reach, so rescanning stays bounded.
            let searchEnd = min(view.endIndex, lineStart + Self.maximumLineLength + 2)
            guard let lineFeedIndex = view[lineStart..<searchEnd].firstIndex(of: Self.lineFeed) else {
                if searchEnd - lineStart > Self.maximumLineLength + 1 {
                    throw SMTPError(.malformedReply, "reply line longer than \(Self.maximumLineLength) bytes")
                }
                return nil
            }
            var lineEnd = lineFeedIndex
            if lineEnd > lineStart, view[lineEnd - 1] == Self.carriageReturn { lineEnd -= 1 }
            let line = view[lineStart..<lineEnd]
            if line.count > Self.maximumLineLength {
                throw SMTPError(.malformedReply, "reply line longer than \(Self.maximumLineLength) bytes")
            }

            let parsed = try Self.parseLine(line)
            if let code, code != parsed.code {
                throw SMTPError(.malformedReply, "multi-line reply mixes codes \(code) and \(parsed.code)")
            }
            code = parsed.code
            lines.append(parsed.text)
            if lines.count > Self.maximumLineCount {
                throw SMTPError(.malformedReply, "reply has more than \(Self.maximumLineCount) lines")
            }
            lineStart = lineFeedIndex + 1

            if parsed.isLast {
                buffer.moveReaderIndex(forwardBy: lineStart - view.startIndex)
                return SMTPReply(code: parsed.code, lines: lines)
            }
        }
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SMTPReply? {
        try decode(buffer: &buffer)
    }

    /// `Reply-code [ ("-" / SP) textstring ]`; the first digit must be 2-5.
    private static func parseLine(_ line: ByteBufferView.SubSequence) throws -> (code: Int, isLast: Bool, text: String) {
        let bytes = Array(line)
        guard bytes.count >= 3 else {
            throw SMTPError(.malformedReply, "reply line shorter than a reply code")
        }
        var code = 0
        for byte in bytes[0..<3] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw SMTPError(.malformedReply, "reply code is not three digits")
            }
            code = code * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard (200..<600).contains(code) else {
            throw SMTPError(.malformedReply, "reply code \(code) outside 200-599")
        }
        guard bytes.count > 3 else { return (code, true, "") }
        let separator = bytes[3]
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: " ") else {
            throw SMTPError(.malformedReply, "reply code not followed by space or hyphen")
        }
        return (code, separator == UInt8(ascii: " "), String(decoding: bytes[4...], as: UTF8.self))
    }
}
