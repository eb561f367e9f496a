import Foundation
import SMTPClient
import SpyglassPorts

/// The mail port over SMTP, configured from `SPYGLASS_SMTP_URL`
/// (`smtp://[user:password@]host[:port]`) and a sender address.
public struct SMTPMailTransport: MailTransport {
    let client: SMTPClient
    let from: String

    public init(url: String, from: String) throws {
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == "smtp",
              let host = components.host, !host.isEmpty else {
            throw FetchFailure(.invalidURL, "SPYGLASS_SMTP_URL must look like smtp://[user:password@]host[:port]")
        }
        client = SMTPClient(configuration: SMTPConfiguration(
            host: host, port: components.port ?? 25, username: components.user?.removingPercentEncoding,
            password: components.password?.removingPercentEncoding, heloName: "spyglass", timeout: .seconds(30)))
        self.from = from
    }

    public func send(_ mail: OutboundMail) async throws {
        try await client.send(EmailMessage(
            from: from, to: mail.to, subject: mail.subject, textBody: mail.text, htmlBody: mail.html))
    }
}
