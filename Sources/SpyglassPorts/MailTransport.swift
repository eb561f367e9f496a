/// Sends one e-mail (digests, test messages). The adapter speaks SMTP to the
/// operator's server; tests use a local receiver.
public protocol MailTransport: Sendable {
    func send(_ mail: OutboundMail) async throws
}

public struct OutboundMail: Sendable, Equatable {
    public var to: [String]
    public var subject: String
    public var text: String
    public var html: String?

    public init(to: [String], subject: String, text: String, html: String?) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }
}
