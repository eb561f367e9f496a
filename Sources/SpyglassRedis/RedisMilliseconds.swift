import Foundation

/// Times as Redis holds them: whole milliseconds since 1970, as decimal text. Scores and hash
/// fields use the same unit, so a Lua script compares them without arithmetic, and every value
/// stays far below 2^53 (exact in Lua's doubles). Jobs therefore keep their times to the millisecond.
enum RedisMilliseconds {
    /// About 285,000 years either side of 1970: beyond any real date, and exact as a double.
    private static let bound = 9_000_000_000_000_000.0

    static func of(_ date: Date) -> Int64 {
        let millis = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard millis.isFinite else { return millis > 0 ? Int64(bound) : -Int64(bound) }
        return Int64(min(max(millis, -bound), bound))
    }

    static func of(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds > 0 ? Int64(bound) : -Int64(bound) }
        return min(max(whole + attoseconds / 1_000_000_000_000_000, -Int64(bound)), Int64(bound))
    }

    static func text(_ date: Date) -> String { String(of(date)) }

    /// The date a stored field names, or nil when it is not a whole number in range.
    static func date(_ text: String) -> Date? {
        guard let millis = Int64(text), Double(millis).magnitude <= bound else { return nil }
        return Date(timeIntervalSince1970: Double(millis) / 1000)
    }
}
