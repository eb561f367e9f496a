import Foundation
import SpyglassDomain
import SpyglassPorts

/// One change in a feed, as the overview lists it and as the live stream sends
/// it (the script builds the same element from this JSON with `textContent`).
struct FeedItem: Sendable, Encodable {
    var id: String
    var href: String
    var summary: String
    var competitor: String
    var competitorHref: String
    var category: String
    var significance: Int
    /// "high" (70+), "medium" (40+) or "low": the badge's style.
    var level: String
    var detectedAt: String
    var detectedText: String
    /// The watched page's address, shown as text.
    var page: String

    init(_ change: Change, competitor: String?, page: String?) {
        id = change.id.rawValue
        href = "/changes/\(change.id.rawValue)"
        summary = change.summary.isEmpty ? "Content changed" : change.summary
        self.competitor = competitor ?? "Deleted competitor"
        competitorHref = "/competitors/\(change.competitorID.rawValue)"
        category = change.category ?? "uncategorised"
        significance = change.significance
        level = Self.level(change.significance)
        detectedAt = TimeText.machine(change.detectedAt)
        detectedText = TimeText.display(change.detectedAt)
        self.page = page ?? ""
    }

    static func level(_ significance: Int) -> String {
        significance >= 70 ? "high" : significance >= 40 ? "medium" : "low"
    }
}

/// Names of a workspace's competitors and addresses of its monitors, for feeds.
struct CatalogNames: Sendable {
    var competitors: [Competitor.ID: String] = [:]
    var pages: [Monitor.ID: String] = [:]
    /// Competitors by name, for filters.
    var sortedCompetitors: [Competitor] = []

    /// The competitors, and with `pages` every monitor's address too (only feeds show them).
    static func load(_ store: any TenantStorage, pages withPages: Bool = false) async throws -> CatalogNames {
        var names = CatalogNames()
        var page = PageRequest(limit: PageRequest.maximumLimit)
        while true {
            let competitors = try await store.competitors(page: page)
            for competitor in competitors.items {
                names.competitors[competitor.id] = competitor.name
                names.sortedCompetitors.append(competitor)
            }
            guard let next = competitors.nextAfter else { break }
            page = PageRequest(limit: PageRequest.maximumLimit, after: next)
        }
        page = PageRequest(limit: PageRequest.maximumLimit)
        while withPages {
            let monitors = try await store.monitors(competitorID: nil, page: page)
            for monitor in monitors.items { names.pages[monitor.id] = monitor.url }
            guard let next = monitors.nextAfter else { break }
            page = PageRequest(limit: PageRequest.maximumLimit, after: next)
        }
        names.sortedCompetitors.sort { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
        return names
    }

    func item(_ change: Change) -> FeedItem {
        FeedItem(change, competitor: competitors[change.competitorID], page: pages[change.monitorID])
    }
}
