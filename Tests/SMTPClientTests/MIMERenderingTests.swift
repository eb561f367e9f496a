import Foundation
import Testing

@testable import SMTPClient

private let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 UTC

private func render(_ message: EmailMessage) throws -> String {
    try message.render(date: fixedDate, messageID: "id-1@example.com", boundary: "=_alt_B0UNDARY")
}

@Test func multipartAlternativeHasTextThenHTML() throws {
    let message = EmailMessage(
        from: "alerts@example.com",
        to: ["a@example.net", "b@example.org"],
        subject: "Price change on Acme",
        textBody: "Plan went from $10 to $12.\n.dot line\nlast = equals",
        htmlBody: "<p>Plan went from <b>$10</b> to <b>$12</b>.</p>",
        headers: [("X-Watch-ID", "w-42")]
    )
    let rendered = try render(message)
    let bytes = Array(rendered.utf8)
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
        #expect(index > 0 && bytes[index - 1] == UInt8(ascii: "\r"), "bare LF at \(index)")
    }

    let top = ParsedPart(rendered)
    #expect(top.header("From") == "alerts@example.com")
    #expect(top.header("To") == "a@example.net, b@example.org")
    #expect(top.header("Subject") == "Price change on Acme")
    #expect(top.header("Date") == "Tue, 14 Nov 2023 22:13:20 +0000")
    #expect(top.header("Message-ID") == "<id-1@example.com>")
    #expect(top.header("MIME-Version") == "1.0")
    #expect(top.header("X-Watch-ID") == "w-42")
    #expect(top.header("Content-Type")?.hasPrefix("multipart/alternative;") == true)
    #expect(top.boundary == "=_alt_B0UNDARY")

    let parts = top.parts()
    try #require(parts.count == 2)
    #expect(parts[0].header("Content-Type") == "text/plain; charset=utf-8")
    #expect(parts[1].header("Content-Type") == "text/html; charset=utf-8")
    #expect(parts[0].decodedBody == "Plan went from $10 to $12.\r\n.dot line\r\nlast = equals")
    #expect(parts[1].decodedBody == message.htmlBody)
}

@Test func plainMessageIsSinglePart() throws {
    let rendered = try render(EmailMessage(from: "a@example.com", to: ["b@example.com"], subject: "Hi", textBody: "hello"))
    let top = ParsedPart(rendered)
    #expect(top.header("Content-Type") == "text/plain; charset=utf-8")
    #expect(top.header("Content-Transfer-Encoding") == "quoted-printable")
    #expect(top.decodedBody == "hello\r\n")  // the renderer ends the message with CRLF
    #expect(top.parts().isEmpty)
}

@Test func nonASCIISubjectUsesEncodedWords() throws {
    let subject = "Prix modifié chez Café Zürich — nouvelle offre très intéressante 🎉🎉🎉"
    let rendered = try render(EmailMessage(from: "a@example.com", to: ["b@example.com"], subject: subject, textBody: "x"))
    let encoded = try #require(ParsedPart(rendered).header("Subject"))
    #expect(encoded.hasPrefix("=?UTF-8?B?"))
    #expect(encoded.contains("\r\n "))  // long enough to need folding
    #expect(decodeEncodedWords(encoded) == subject)
}

@Test func headerValueWithCRLFCannotInjectHeaders() throws {
    let message = EmailMessage(
        from: "a@example.com", to: ["b@example.com"], subject: "hi\r\nBcc: victim@example.com", textBody: "x",
        headers: [("X-Note", "v\nX-Injected: 1")])
    let top = ParsedPart(try render(message))
    #expect(top.header("Bcc") == nil)
    #expect(top.header("X-Injected") == nil)
    #expect(top.header("Subject").flatMap(decodeEncodedWords) == "hi\r\nBcc: victim@example.com")
}

@Test func mostlyNonASCIIBodyIsBase64() throws {
    let body = "日本語のテキストです。価格が変わりました。"
    let top = ParsedPart(try render(EmailMessage(from: "a@example.com", to: ["b@example.com"], subject: "s", textBody: body)))
    #expect(top.header("Content-Transfer-Encoding") == "base64")
    #expect(top.decodedBody == body)
}

@Test func quotedPrintableWrapsLongLinesAndEscapes() throws {
    let line = String(repeating: "word = café ", count: 30) + "trailing space "
    let encoded = MIMEEncoding.quotedPrintable(line)
    for physical in encoded.components(separatedBy: "\r\n") {
        #expect(physical.utf8.count <= 76)
        #expect(!physical.hasSuffix(" "))
    }
    #expect(decodeQuotedPrintable(encoded) == line)
}

@Test(arguments: [
    EmailMessage(from: "a@example.com", to: [], subject: "s", textBody: "x"),
    EmailMessage(from: "a@example.com>\r\nRCPT TO:<x@evil.com", to: ["b@example.com"], subject: "s", textBody: "x"),
    EmailMessage(from: "a@example.com", to: ["b@example.com> SIZE=1"], subject: "s", textBody: "x"),
    EmailMessage(from: "not-an-address", to: ["b@example.com"], subject: "s", textBody: "x"),
    EmailMessage(from: "a@example.com", to: ["b@example.com"], subject: "s", textBody: "x", headers: [("Bad: Name", "v")]),
    EmailMessage(from: "a@example.com", to: ["b@example.com"], subject: "s", textBody: "x", headers: [("", "v")]),
])
func unsafeMessagesAreRejected(message: EmailMessage) {
    #expect {
        try render(message)
    } throws: { error in
        (error as? SMTPError)?.code == .invalidMessage
    }
}
