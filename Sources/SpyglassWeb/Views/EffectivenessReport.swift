import Foundation
import SpyglassDomain

/// What the effectiveness page shows, computed from the changes of the last weeks: per week and
/// competitor the changes by category, the share of marked changes found useful, and the median
/// time from detection to the first delivered alert; and the monitors whose marks are mostly noise.
struct EffectivenessReport: Sendable, Equatable {
    static let weeks = 8
    /// A monitor is judged only once it has this many marks.
    static let noisyMinimumMarks = 3

    struct Row: Sendable, Equatable {
        var weekStart: String
        var weekText: String
        var competitor: String
        var competitorHref: String
        var changes: Int
        var categories: String
        var marked: Int
        var useful: Int
        var hasMarks: Bool
        /// "67 %", or "—" with nothing marked.
        var usefulShare: String
        /// "4 min", or "—" with no delivered alert.
        var medianDelivery: String
    }

    struct NoisyMonitor: Sendable, Equatable {
        var monitorHref: String
        var page: String
        var competitor: String
        var marks: Int
        var noise: Int
        var suggestions: [String]
    }

    var rows: [Row]
    var noisy: [NoisyMonitor]

    /// Where the window of `weeks` weeks (Monday 00:00 UTC on) ending with the current one starts.
    static func windowStart(now: Date) -> Date {
        ActivityWeek.start(of: now).addingTimeInterval(-Double(weeks - 1) * 7 * 86_400)
    }

    /// A marked change counts as useful when more of its marks say useful or acted on than noise.
    static func isUseful(_ outcome: ChangeOutcome) -> Bool {
        outcome.useful + outcome.actedOn > outcome.noise
    }

    /// Rows newest week first, then by competitor name. `competitors` and `monitors` name what still exists.
    init(outcomes: [ChangeOutcome], competitors: [Competitor.ID: String], monitors: [Monitor.ID: Monitor]) {
        struct Key: Hashable {
            var week: Date
            var competitor: Competitor.ID
        }
        let groups = Dictionary(grouping: outcomes) { Key(week: ActivityWeek.start(of: $0.detectedAt), competitor: $0.competitorID) }
        rows = groups.map { key, items in
            let name = competitors[key.competitor] ?? "Deleted competitor"
            let marked = items.filter { $0.marks > 0 }
            let useful = marked.filter(Self.isUseful).count
            let delays = items.compactMap { item in item.firstDeliveredAt.map { $0.timeIntervalSince(item.detectedAt) } }
            return Row(
                weekStart: TimeText.machine(key.week), weekText: Self.weekText(key.week), competitor: name,
                competitorHref: "/competitors/\(key.competitor.rawValue)", changes: items.count,
                categories: Self.categories(items), marked: marked.count, useful: useful, hasMarks: !marked.isEmpty,
                usefulShare: marked.isEmpty ? "—" : "\(Int((Double(useful) * 100 / Double(marked.count)).rounded())) %",
                medianDelivery: Self.median(delays).map(Self.duration) ?? "—")
        }.sorted { ($0.weekStart, $1.competitor) > ($1.weekStart, $0.competitor) }
        noisy = Self.noisyMonitors(outcomes, competitors: competitors, monitors: monitors)
    }

    static func weekText(_ monday: Date) -> String {
        "Week of " + String(TimeText.display(monday).prefix(10))
    }

    /// "pricing 2 · jobs 1", most first (then by name).
    static func categories(_ items: [ChangeOutcome]) -> String {
        let counts = Dictionary(grouping: items) { $0.category ?? "uncategorised" }.mapValues(\.count)
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
            .joined(separator: " · ")
    }

    static func median(_ values: [TimeInterval]) -> TimeInterval? {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// "45 s", "4 min", "2.5 h", "3 days".
    static func duration(_ seconds: TimeInterval) -> String {
        let value = max(0, seconds)
        switch value {
        case ..<60: return "\(Int(value.rounded())) s"
        case ..<3_600: return "\(Int((value / 60).rounded())) min"
        case ..<172_800: return String(format: "%.1f h", value / 3_600)
        default: return "\(Int((value / 86_400).rounded())) days"
        }
    }

    /// Monitors with at least `noisyMinimumMarks` marks, most of them noise, noisiest first.
    static func noisyMonitors(
        _ outcomes: [ChangeOutcome], competitors: [Competitor.ID: String], monitors: [Monitor.ID: Monitor]
    ) -> [NoisyMonitor] {
        Dictionary(grouping: outcomes, by: \.monitorID).compactMap { id, items -> NoisyMonitor? in
            let marks = items.reduce(0) { $0 + $1.marks }
            let noise = items.reduce(0) { $0 + $1.noise }
            guard marks >= noisyMinimumMarks, noise * 2 > marks, let first = items.first else { return nil }
            let monitor = monitors[id]
            return NoisyMonitor(
                monitorHref: "/monitors/\(id.rawValue)", page: monitor?.url ?? id.rawValue,
                competitor: competitors[first.competitorID] ?? "Deleted competitor", marks: marks, noise: noise,
                suggestions: suggestions(monitor: monitor, noisy: items.filter { $0.noise > 0 }))
        }.sorted { ($0.noise, $1.page) > ($1.noise, $0.page) }
    }

    /// A selector when the monitor watches the whole page; an ignore rule for the line that comes back
    /// most often in the changes marked noise.
    static func suggestions(monitor: Monitor?, noisy: [ChangeOutcome]) -> [String] {
        var result: [String] = []
        if (monitor?.selector ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            result.append("Add a selector to watch only the part of the page that matters.")
        }
        let lines = noisy.flatMap(\.added).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let counts = Dictionary(grouping: lines) { $0 }.mapValues(\.count)
        if let line = counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).first?.key {
            let shown = line.count > 80 ? String(line.prefix(80)) + "…" : line
            result.append("Add an ignore rule for lines like “\(shown)”.")
        }
        if result.isEmpty {
            result.append("Raise the monitor's significance threshold so that small changes do not alert.")
        }
        return result
    }
}
