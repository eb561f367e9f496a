import SMTPTestSupport
import NIOCore
import Testing

@testable import SMTPClient

/// Feeds `chunks` the way `ByteToMessageHandler` would: append, then decode until `nil`.
private func decodeAll(_ chunks: [[UInt8]]) throws -> (replies: [SMTPReply], leftover: Int) {
    var decoder = SMTPReplyDecoder()
    var buffer = ByteBuffer()
    var replies: [SMTPReply] = []
    for chunk in chunks {
        buffer.writeBytes(chunk)
        while let reply = try decoder.decode(buffer: &buffer) { replies.append(reply) }
    }
    return (replies, buffer.readableBytes)
}

private let transcript = Array(
    ("220 mail.example.com ESMTP ready\r\n"
        + "250-mail.example.com greets you\r\n250-SIZE 1000000\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"
        + "354\r\n"
        + "550 5.1.1 <nobody@example.com>: user unknown\n")  // bare LF accepted
        .utf8)

private let expected = [
    SMTPReply(code: 220, lines: ["mail.example.com ESMTP ready"]),
    SMTPReply(code: 250, lines: ["mail.example.com greets you", "SIZE 1000000", "AUTH PLAIN LOGIN", "8BITMIME"]),
    SMTPReply(code: 354, lines: [""]),
    SMTPReply(code: 550, lines: ["5.1.1 <nobody@example.com>: user unknown"]),
]

@Test func decodesWholeTranscript() throws {
    let result = try decodeAll([transcript])
    #expect(result.replies == expected)
    #expect(result.leftover == 0)
}

@Test func decodesEveryTwoWaySplit() throws {
    for split in 0...transcript.count {
        let result = try decodeAll([Array(transcript[..<split]), Array(transcript[split...])])
        #expect(result.replies == expected, "split at \(split)")
        #expect(result.leftover == 0)
    }
}

@Test func decodesEveryThreeWaySplit() throws {
    for first in stride(from: 0, through: transcript.count, by: 3) {
        for second in first...transcript.count {
            let chunks = [transcript[..<first], transcript[first..<second], transcript[second...]].map(Array.init)
            #expect(try decodeAll(chunks).replies == expected, "splits at \(first), \(second)")
        }
    }
}

@Test func decodesOneByteAtATime() throws {
    let result = try decodeAll(transcript.map { [$0] })
    #expect(result.replies == expected)
    #expect(result.leftover == 0)
}

@Test func incompleteInputReturnsNilAndKeepsReaderIndex() throws {
    var decoder = SMTPReplyDecoder()
    var buffer = ByteBuffer(string: "250-first\r\n250-second\r\n250 la")
    #expect(try decoder.decode(buffer: &buffer) == nil)
    #expect(buffer.readerIndex == 0)
    buffer.writeString("st\r\n")
    #expect(try decoder.decode(buffer: &buffer) == SMTPReply(code: 250, lines: ["first", "second", "last"]))
}

@Test(arguments: [
    "abc hello\r\n",  // letters for a code
    "25 short\r\n",  // two digits
    "2x0 mixed\r\n",
    "199 below range\r\n",
    "600 above range\r\n",
    "250_bad separator\r\n",
    "\r\n",  // empty line
    "250-first\r\n251 second\r\n",  // inconsistent multi-line codes
    "-250 leading hyphen\r\n",
])
func malformedRepliesThrow(input: String) {
    #expect {
        try decodeAll([Array(input.utf8)])
    } throws: { error in
        (error as? SMTPError)?.code == .malformedReply
    }
}

@Test func overlongLineThrowsBeforeLineFeedArrives() {
    // No CRLF at all: the decoder must give up rather than buffer forever.
    let hostile = Array("250 ".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: SMTPReplyDecoder.maximumLineLength + 10)
    #expect {
        try decodeAll([hostile])
    } throws: { error in
        (error as? SMTPError)?.code == .malformedReply
    }
}

@Test func overlongCompleteLineThrows() {
    let hostile = "250 " + String(repeating: "a", count: SMTPReplyDecoder.maximumLineLength) + "\r\n"
    #expect {
        try decodeAll([Array(hostile.utf8)])
    } throws: { error in
        (error as? SMTPError)?.code == .malformedReply
    }
}

@Test func lineAtTheLimitIsAccepted() throws {
    let text = String(repeating: "a", count: SMTPReplyDecoder.maximumLineLength - 4)
    let result = try decodeAll([Array("250 \(text)\r\n".utf8)])
    #expect(result.replies == [SMTPReply(code: 250, lines: [text])])
}

@Test func tooManyLinesThrows() {
    let hostile = String(repeating: "250-x\r\n", count: SMTPReplyDecoder.maximumLineCount + 1)
    #expect {
        try decodeAll([Array(hostile.utf8)])
    } throws: { error in
        (error as? SMTPError)?.code == .malformedReply
    }
}

@Test func invalidUTF8TextIsDecodedLossily() throws {
    let bytes = Array("250 ".utf8) + [0xFF, 0xFE] + Array("\r\n".utf8)
    let result = try decodeAll([bytes])
    #expect(result.replies.first?.code == 250)
}
