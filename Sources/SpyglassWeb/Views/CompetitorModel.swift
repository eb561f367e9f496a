import Foundation
import SpyglassDomain
import SpyglassIntelligence
import SpyglassPorts

/// The competitor page: its monitors with their status and its recent changes by category.
struct CompetitorModel: Sendable {
    static let recentChanges = 100

    var chrome: Chrome
    var id: String
    var name: String
    var website: String
    var websiteHref: String?
    var tags: String?
    var monitors: [MonitorRow]
    var noMonitors: Bool
    var groups: [CategoryGroup]
    var noChanges: Bool
    var newMonitorHref: String
    var charts: CompetitorCharts

    struct MonitorRow: Sendable {
        var id: String
        var url: String
        var urlHref: String?
        var kind: String
        var selector: String?
        var enabled: Bool
        var every: String
        var lastCheck: String
        var lastCheckAt: String?
        var nextCheck: String
        /// ok, changed, failed or pending: the status badge's style.
        var state: String
        var outcome: String
        var lastError: String?
    }

    struct CategoryGroup: Sendable {
        var category: String
        var count: Int
        var items: [FeedItem]
    }

    static func load(_ competitor: Competitor, store: any TenantStorage, now: Date, chrome: Chrome) async throws -> CompetitorModel {
        var monitors: [Monitor] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        while true {
            let result = try await store.monitors(competitorID: competitor.id, page: page)
            monitors += result.items
            guard let next = result.nextAfter else { break }
            page = PageRequest(limit: PageRequest.maximumLimit, after: next)
        }
        var rows: [MonitorRow] = []
        for monitor in monitors {
            let last = try await store.checks(monitorID: monitor.id, page: PageRequest(limit: 1)).items.first
            rows.append(row(monitor, last: last, now: now))
        }
        let changes = try await store.changes(
            filter: ChangeFilter(competitorID: competitor.id), page: PageRequest(limit: recentChanges)).items
        let pages = Dictionary(uniqueKeysWithValues: monitors.map { ($0.id, $0.url) })
        let items = changes.map { FeedItem($0, competitor: competitor.name, page: pages[$0.monitorID]) }
        let order = ChangeCategory.allCases.map(\.rawValue) + ["uncategorised"]
        let groups = order.compactMap { category -> CategoryGroup? in
            let inCategory = items.filter { $0.category == category }
            return inCategory.isEmpty ? nil : CategoryGroup(category: category, count: inCategory.count, items: inCategory)
        }
        return CompetitorModel(
            chrome: chrome, id: competitor.id.rawValue, name: competitor.name, website: competitor.website ?? "",
            websiteHref: SafeLink.href(competitor.website), tags: competitor.tags.isEmpty ? nil : competitor.tags.joined(separator: ", "),
            monitors: rows, noMonitors: rows.isEmpty, groups: groups, noChanges: groups.isEmpty,
            newMonitorHref: "/monitors/new?competitor=\(competitor.id.rawValue)",
            charts: try await CompetitorCharts.load(monitors: monitors, store: store, now: now))
    }

    static func row(_ monitor: Monitor, last: CheckRun?, now: Date) -> MonitorRow {
        let state: String
        switch last?.outcome {
        case .none: state = "pending"
        case .failed?: state = "failed"
        case .changed?: state = "changed"
        default: state = "ok"
        }
        var error: String?
        if let last, last.outcome == .failed {
            error = [last.errorCode, last.reason].compactMap { $0 }.joined(separator: ": ")
        }
        return MonitorRow(
            id: monitor.id.rawValue, url: monitor.url, urlHref: SafeLink.href(monitor.url), kind: monitor.kind.rawValue,
            selector: monitor.selector, enabled: monitor.enabled, every: every(monitor.intervalSeconds),
            lastCheck: monitor.lastCheckedAt.map { TimeText.relative($0, now: now) } ?? "never",
            lastCheckAt: monitor.lastCheckedAt.map(TimeText.machine),
            nextCheck: monitor.enabled ? TimeText.relative(monitor.nextCheckAt, now: now) : "paused",
            state: state, outcome: last.map { $0.outcome.rawValue.replacingOccurrences(of: "_", with: " ") } ?? "not checked yet",
            lastError: error)
    }

    static func every(_ seconds: Int) -> String {
        if seconds % 86_400 == 0 { return seconds == 86_400 ? "daily" : "every \(seconds / 86_400) days" }
        if seconds % 3_600 == 0 { return seconds == 3_600 ? "hourly" : "every \(seconds / 3_600) h" }
        if seconds % 60 == 0 { return "every \(seconds / 60) min" }
        return "every \(seconds) s"
    }
}
