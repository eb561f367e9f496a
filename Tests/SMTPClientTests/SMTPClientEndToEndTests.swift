import SMTPTestSupport
import Foundation
import NIOCore
import Testing

@testable import SMTPClient

private func client(port: Int, timeout: Duration = .seconds(5), username: String? = nil, password: String? = nil)
    -> SMTPClient
{
    SMTPClient(
        configuration: SMTPConfiguration(
            host: "127.0.0.1", port: port, username: username, password: password, heloName: "client.test",
            timeout: timeout))
}

private let message = EmailMessage(
    from: "alerts@example.com",
    to: ["one@example.net", "two@example.org"],
    subject: "Änderung erkannt",
    textBody: "Line one\n.starts with a dot\nLine three",
    htmlBody: "<p>Line one</p>\n.<p>dot</p>"
)

@Test func deliversEnvelopeAndData() async throws {
    let server = try await TestSMTPServer.start()
    try await client(port: server.port).send(message)
    let transcript = try await server.transcript.get()
    await server.stop()

    #expect(transcript.ehlo == "client.test")
    #expect(transcript.auth == nil)
    #expect(transcript.mailFrom == "<alerts@example.com>")
    #expect(transcript.recipients == ["<one@example.net>", "<two@example.org>"])
    #expect(transcript.quit)

    // Undo dot-stuffing the way a receiver does, then check the MIME structure survived transit.
    let data = try #require(transcript.data)
    let unstuffed = data.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
        .joined(separator: "\r\n")
    let top = ParsedPart(unstuffed)
    #expect(top.header("Subject").flatMap(decodeEncodedWords) == "Änderung erkannt")
    let parts = top.parts()
    try #require(parts.count == 2)
    #expect(parts[0].decodedBody == "Line one\r\n.starts with a dot\r\nLine three")
    #expect(parts[1].decodedBody == "<p>Line one</p>\r\n.<p>dot</p>")
}

@Test func authenticatesWithPlainWhenGivenCredentials() async throws {
    let server = try await TestSMTPServer.start()
    try await client(port: server.port, username: "user", password: "sëcret").send(message)
    let transcript = try await server.transcript.get()
    await server.stop()

    let token = try #require(transcript.auth.flatMap { Data(base64Encoded: $0) })
    #expect(Array(token) == [0] + Array("user".utf8) + [0] + Array("sëcret".utf8))
}

@Test func rejectedRecipientFailsWithServerText() async throws {
    let server = try await TestSMTPServer.start(.init(rejectRecipient: "two@example.org"))
    let error = await #expect(throws: SMTPError.self) {
        try await client(port: server.port).send(message)
    }
    let transcript = try await server.transcript.get()
    await server.stop()

    #expect(error?.code == .rejectedRecipient)
    #expect(error?.replyCode == 550)
    #expect(error?.replyText == "5.1.1 mailbox unavailable\n5.1.1 no such user here")
    #expect(error?.message.contains("two@example.org") == true)
    #expect(transcript.data == nil)  // never reached DATA
    #expect(transcript.quit)  // but still said goodbye
}

@Test func silentServerTimesOut() async throws {
    let server = try await TestSMTPServer.start(.init(silent: true))
    let error = await #expect(throws: SMTPError.self) {
        try await client(port: server.port, timeout: .milliseconds(200)).send(message)
    }
    await server.stop()
    #expect(error?.code == .timeout)
    #expect(error?.message.contains("greeting") == true)
}

@Test func serverThatHangsAfterDataTimesOut() async throws {
    let server = try await TestSMTPServer.start(.init(silentAfter: "DATA"))
    let error = await #expect(throws: SMTPError.self) {
        try await client(port: server.port, timeout: .milliseconds(200)).send(message)
    }
    await server.stop()
    #expect(error?.code == .timeout)
    #expect(error?.message.contains("DATA") == true)
}

@Test func closedPortIsConnectionFailed() async throws {
    let server = try await TestSMTPServer.start()
    let port = server.port
    await server.stop()
    let error = await #expect(throws: SMTPError.self) {
        try await client(port: port).send(message)
    }
    #expect(error?.code == .connectionFailed)
}

@Test func invalidMessageIsRejectedBeforeConnecting() async throws {
    // Port 9 on loopback: if the client tried to connect, the error would be connectionFailed.
    let bad = EmailMessage(from: "a@example.com", to: ["x@example.com>\r\nDATA"], subject: "s", textBody: "x")
    let error = await #expect(throws: SMTPError.self) {
        try await client(port: 9).send(bad)
    }
    #expect(error?.code == .invalidMessage)
}
