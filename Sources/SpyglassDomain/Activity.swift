import Foundation

/// One detected change as the weekly activity projection counts it.
public struct ChangeActivity: Sendable, Equatable {
    /// From this significance on a change counts as significant (the "worth a look" half of the 0–100 scale).
    public static let significantFrom = 50

    public var competitorID: Competitor.ID
    public var detectedAt: Date
    /// nil when the change has no category.
    public var category: String?
    public var significance: Int

    public init(competitorID: Competitor.ID, detectedAt: Date, category: String?, significance: Int) {
        self.competitorID = competitorID
        self.detectedAt = detectedAt
        self.category = category
        self.significance = significance
    }

    public var isSignificant: Bool { significance >= Self.significantFrom }
    public var weekStart: Date { ActivityWeek.start(of: detectedAt) }
}

/// How active one competitor was in one week (Monday 00:00 UTC on), per category.
public struct ActivityWeek: Sendable, Equatable {
    public var competitorID: Competitor.ID
    /// Monday 00:00 UTC.
    public var weekStart: Date
    /// nil for changes without a category.
    public var category: String?
    public var changes: Int
    /// Changes with a significance of `ChangeActivity.significantFrom` or more.
    public var significantChanges: Int

    public init(competitorID: Competitor.ID, weekStart: Date, category: String?, changes: Int, significantChanges: Int) {
        self.competitorID = competitorID
        self.weekStart = weekStart
        self.category = category
        self.changes = changes
        self.significantChanges = significantChanges
    }

    /// The Monday 00:00 UTC on or before `date` (1970-01-01 was a Thursday, three days after a Monday).
    public static func start(of date: Date) -> Date {
        let secondsPerDay = 86_400.0
        // Whole days since 1970; a date beyond any calendar (not finite, or overflowing) is kept as it is.
        guard let days = Int64(exactly: (date.timeIntervalSince1970 / secondsPerDay).rounded(.down)) else { return date }
        let sinceMonday = ((days % 7) + 7 + 3) % 7
        return Date(timeIntervalSince1970: Double(days - sinceMonday) * secondsPerDay)
    }
}
