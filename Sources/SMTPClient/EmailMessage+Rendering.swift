import Foundation

extension EmailMessage {
    /// RFC 5322 text with CRLF line breaks. `date`, `messageID` and `boundary` are parameters so
    /// tests can render deterministically; `send` passes fresh values.
    func render(date: Date, messageID: String, boundary: String) throws -> String {
        try validate()
        var lines = [
            "From: \(from)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(MIMEEncoding.headerText(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
        ]
        lines += headers.map { "\($0.0): \(MIMEEncoding.headerText($0.1))" }

        guard let htmlBody else {
            lines += Self.part(contentType: "text/plain", body: textBody)
            return lines.joined(separator: "\r\n") + "\r\n"
        }
        lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        lines.append("")
        for (contentType, body) in [("text/plain", textBody), ("text/html", htmlBody)] {
            lines.append("--\(boundary)")
            lines += Self.part(contentType: contentType, body: body)
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A fresh Message-ID on the sender's domain.
    func makeMessageID() -> String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        return "\(UUID().uuidString.lowercased())@\(domain)"
    }

    /// "=_" never occurs in quoted-printable or base64 output, so the boundary cannot collide.
    static func makeBoundary() -> String {
        "=_alt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    }

    /// The Content-Type and Content-Transfer-Encoding headers, a blank line, then the body.
    private static func part(contentType: String, body: String) -> [String] {
        let encoding = MIMEEncoding.preferredEncoding(for: body)
        return [
            "Content-Type: \(contentType); charset=utf-8",
            "Content-Transfer-Encoding: \(encoding.rawValue)",
            "",
            MIMEEncoding.encode(body, as: encoding),
        ]
    }

    private static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
