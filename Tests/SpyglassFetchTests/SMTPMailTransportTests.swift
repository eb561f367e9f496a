import Foundation
import NIOCore
import SMTPTestSupport
import SpyglassFetch
import SpyglassPorts
import Testing

@Suite("SMTP mail transport")
struct SMTPMailTransportTests {
    @Test("a digest reaches a local SMTP receiver with its envelope, subject and both bodies")
    func delivers() async throws {
        let server = try await TestSMTPServer.start()
        let transport = try SMTPMailTransport(url: "smtp://127.0.0.1:\(server.port)", from: "spyglass@localhost")
        try await transport.send(OutboundMail(
            to: ["pm@acme.example"], subject: "Spyglass daily digest: 1 change at 1 competitor",
            text: "== Rival ==\n  - (90) Pro: $49 → $59 per month", html: "<h2>Rival</h2>"))
        let transcript = try await server.transcript.get()
        await server.stop()
        #expect(transcript.mailFrom?.contains("spyglass@localhost") == true)
        #expect(transcript.recipients.contains { $0.contains("pm@acme.example") })
        let data = try #require(transcript.data)
        #expect(data.contains("Subject: Spyglass daily digest"))
        #expect(data.contains("multipart/alternative"))
    }

    @Test("a malformed SPYGLASS_SMTP_URL is refused with a clear reason", arguments: [
        "http://mail.example", "smtp://", "not a url",
    ])
    func badURL(url: String) {
        #expect(throws: FetchFailure.self) { try SMTPMailTransport(url: url, from: "a@b.example") }
    }
}
