import Foundation

/// Times as the pages show them: "2026-03-02 14:05 UTC", with the RFC 3339 form
/// for `<time datetime>`.
enum TimeText {
    static func display(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) UTC"
    }

    static func machine(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// "in 5 min", "3 h ago": for next and last checks.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        let magnitude = abs(seconds)
        let amount: String
        switch magnitude {
        case ..<60: return seconds >= 0 ? "in under a minute" : "just now"
        case ..<3_600: amount = "\(Int(magnitude / 60)) min"
        case ..<172_800: amount = "\(Int(magnitude / 3_600)) h"
        default: amount = "\(Int(magnitude / 86_400)) days"
        }
        return seconds >= 0 ? "in \(amount)" : "\(amount) ago"
    }
}
