import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassIntelligence
import SpyglassPorts

/// The overview's filters, from the query (`?competitor=…&category=…&min_significance=…&sort=…`).
/// A value that is not valid is ignored rather than refused: these are links people share.
struct FeedFilter: Sendable, Equatable {
    enum Sort: String, Sendable {
        case newest
        case significance
    }

    var competitorID: Competitor.ID?
    var category: String?
    var minSignificance: Int?
    var sort: Sort = .newest
    /// Newest-first paging: changes older than this one.
    var before: Change.ID?
    /// Most-significant-first paging: which page (from 0).
    var rankPage = 0
    /// Deeper than this is not a page anyone reads; it would only make the database skip rows.
    static let maximumRankPage = 1_000

    static let significanceSteps = [0, 30, 50, 70, 90]

    init(competitorID: Competitor.ID? = nil, category: String? = nil, minSignificance: Int? = nil) {
        self.competitorID = competitorID
        self.category = category
        self.minSignificance = minSignificance
    }

    init(query: Request) {
        let parameters = query.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        competitorID = value("competitor").flatMap(Competitor.ID.init)
        category = value("category").flatMap { ChangeCategory(rawValue: $0)?.rawValue }
        minSignificance = value("min_significance").flatMap(Int.init).flatMap { (1...100).contains($0) ? $0 : nil }
        sort = value("sort").flatMap(Sort.init(rawValue:)) ?? .newest
        before = value("before").flatMap(Change.ID.init)
        rankPage = value("page").flatMap(Int.init).map { min(max($0, 0), Self.maximumRankPage) } ?? 0
    }

    var changeFilter: ChangeFilter {
        ChangeFilter(competitorID: competitorID, category: category, minSignificance: minSignificance)
    }

    func matches(_ change: Change) -> Bool {
        (competitorID.map { $0 == change.competitorID } ?? true)
            && (category.map { $0 == change.category } ?? true)
            && (minSignificance.map { change.significance >= $0 } ?? true)
    }

    /// The query string of these filters (without paging), `a=1&b=2`.
    var query: String {
        var items: [URLQueryItem] = []
        if let competitorID { items.append(URLQueryItem(name: "competitor", value: competitorID.rawValue)) }
        if let category { items.append(URLQueryItem(name: "category", value: category)) }
        if let minSignificance { items.append(URLQueryItem(name: "min_significance", value: String(minSignificance))) }
        if sort != .newest { items.append(URLQueryItem(name: "sort", value: sort.rawValue)) }
        var components = URLComponents()
        components.queryItems = items
        return components.percentEncodedQuery ?? ""
    }
}
