import Foundation

/// Feed dates as ISO 8601 in UTC ("2026-01-15T09:30:00Z"): RSS writes RFC 822
/// dates, Atom and JSON Feed RFC 3339. A date that does not parse is kept as
/// written.
struct FeedDate {
    private let rfc822: [DateFormatter]
    private let rfc3339 = ISO8601DateFormatter()
    private let rfc3339Fractional = ISO8601DateFormatter()
    private let output = ISO8601DateFormatter()

    init() {
        rfc822 = [
            "EEE, dd MMM yyyy HH:mm:ss zzz", "EEE, dd MMM yyyy HH:mm:ss Z", "dd MMM yyyy HH:mm:ss zzz",
            "dd MMM yyyy HH:mm:ss Z", "EEE, dd MMM yyyy HH:mm zzz", "EEE, dd MMM yyyy HH:mm Z", "EEE, dd MMM yyyy",
        ].map { format in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(secondsFromGMT: 0)
            formatter.dateFormat = format
            return formatter
        }
        rfc3339Fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        output.timeZone = TimeZone(secondsFromGMT: 0)
    }

    func normalized(_ raw: String) -> String? {
        let text = TextTools.collapse(raw)
        guard !text.isEmpty else { return nil }
        guard text.count <= 64 else { return TextTools.clip(text, to: 64) }
        if let date = rfc3339.date(from: text) ?? rfc3339Fractional.date(from: text) {
            return output.string(from: date)
        }
        for formatter in rfc822 {
            if let date = formatter.date(from: text) { return output.string(from: date) }
        }
        return text
    }
}
