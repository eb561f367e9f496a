/// One email: the envelope (`from`, `to`) and the content. `headers` are extra header fields
/// (name, value) added after the standard ones; values may be any text (non-ASCII is encoded).
public struct EmailMessage: Sendable {
    /// A bare address (`alerts@example.com`), used for both the envelope and the From header.
    public var from: String
    /// Bare addresses, used for both the envelope and the To header.
    public var to: [String]
    public var subject: String
    public var textBody: String
    /// When set, the message is multipart/alternative with the text and this HTML.
    public var htmlBody: String?
    public var headers: [(String, String)]

    public init(
        from: String,
        to: [String],
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        headers: [(String, String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.headers = headers
    }

    /// Rejects what could break out of a command line or header: CR/LF, angle brackets,
    /// spaces or control bytes in addresses, odd header names, no recipients.
    func validate() throws {
        guard !to.isEmpty else { throw SMTPError(.invalidMessage, "no recipients") }
        for address in [from] + to where !Self.isSafeAddress(address) {
            throw SMTPError(.invalidMessage, "address is not a plain mailbox: \(address.debugDescription)")
        }
        for (name, _) in headers where !Self.isHeaderName(name) {
            throw SMTPError(.invalidMessage, "invalid header name: \(name.debugDescription)")
        }
    }

    private static func isSafeAddress(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty, bytes.count <= 254, bytes.contains(UInt8(ascii: "@")) else { return false }
        // Printable ASCII without space, "<" or ">": cannot end the `<…>` path or the command line.
        return bytes.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }

    /// RFC 5322 field name: printable ASCII except ":".
    private static func isHeaderName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return !bytes.isEmpty && bytes.count <= 76
            && bytes.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }
    }
}
