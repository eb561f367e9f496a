import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassIntelligence
import SpyglassPorts

/// `/`: the change feed across all competitors, newest or most significant
/// first, filtered by competitor, category and significance. New changes are
/// added live by `assets/app.js` from `/app/events` (same filters).
struct OverviewPage {
    let kit: PageKit
    static let pageSize = 50

    struct Model: Sendable {
        var chrome: Chrome
        var items: [FeedItem]
        var empty: Bool
        var competitors: [SelectOption]
        var categories: [SelectOption]
        var significances: [SelectOption]
        var sorts: [SelectOption]
        var liveURL: String?
        var olderURL: String?
        var olderLabel: String
        var rankedNote: String?
        var hasCompetitors: Bool
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/", use: show)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        let store = kit.store(signedIn)
        let filter = FeedFilter(query: request)
        // Read before the feed, so the live stream picks up from no later than what this page shows.
        let since = Int64((kit.dependencies.clock.now().timeIntervalSince1970 * 1000).rounded(.down))
        let names = try await CatalogNames.load(store, pages: true)
        var changes: [Change]
        var older: String?
        switch filter.sort {
        case .newest:
            let page = try await store.changes(
                filter: filter.changeFilter, page: PageRequest(limit: Self.pageSize, after: filter.before?.rawValue))
            changes = page.items
            older = page.nextAfter
        case .significance:
            changes = try await store.rankedChanges(
                filter: filter.changeFilter, limit: Self.pageSize + 1, offset: filter.rankPage * Self.pageSize)
            if changes.count > Self.pageSize {
                changes.removeLast()
                older = String(filter.rankPage + 1)
            }
        }
        let query = filter.query
        // Only the first page of the newest-first feed grows live; it picks up from when it was read.
        let live = filter.sort == .newest && filter.before == nil
        let model = Model(
            chrome: try await kit.chrome(signedIn, title: "Overview", nav: .overview, request: request),
            items: changes.map(names.item), empty: changes.isEmpty,
            competitors: [SelectOption(value: "", label: "All competitors", selected: filter.competitorID == nil)]
                + SelectOption.competitors(names.sortedCompetitors) { $0 == filter.competitorID },
            categories: [SelectOption(value: "", label: "All categories", selected: filter.category == nil)]
                + SelectOption.categories { $0 == filter.category },
            significances: SelectOption.significances(selected: filter.minSignificance ?? 0),
            sorts: [
                SelectOption(value: "newest", label: "Newest first", selected: filter.sort == .newest),
                SelectOption(value: "significance", label: "Most significant first", selected: filter.sort == .significance),
            ],
            liveURL: live ? "/app/events?" + (query.isEmpty ? "" : query + "&") + "since=\(since)" : nil,
            olderURL: older.map {
                "/?" + (query.isEmpty ? "" : query + "&") + (filter.sort == .newest ? "before=" : "page=") + $0
            },
            olderLabel: filter.sort == .newest ? "Older changes" : "Less significant changes",
            rankedNote: filter.sort == .significance && !changes.isEmpty
                ? "All changes, most significant first; \(filter.rankPage * Self.pageSize + 1) to "
                    + "\(filter.rankPage * Self.pageSize + changes.count) shown."
                : nil, hasCompetitors: !names.sortedCompetitors.isEmpty)
        return try kit.page("overview", model)
    }
}
