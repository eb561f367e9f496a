/// Everything `FactExtractor` found in one version of a document. Encodes to
/// snake_case keys with `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`.
public struct ExtractedFacts: Sendable, Codable, Equatable, Hashable {
    /// Every price found, including those of `plans` (with `plan` set).
    public var prices: [PriceFact]
    public var plans: [PlanFact]
    public var jobs: [JobFact]
    /// Feed entries (RSS, Atom, JSON Feed), in feed order.
    public var items: [FeedItem]
    public var sitemapURLs: [String]
    public var meta: PageMeta
    /// Page headings (h1s, then the first h2s): the positioning copy. For a
    /// JSON document, the selected text values that are not prices.
    public var headlines: [String]

    public init(
        prices: [PriceFact] = [], plans: [PlanFact] = [], jobs: [JobFact] = [], items: [FeedItem] = [],
        sitemapURLs: [String] = [], meta: PageMeta = PageMeta(), headlines: [String] = []
    ) {
        self.prices = prices
        self.plans = plans
        self.jobs = jobs
        self.items = items
        self.sitemapURLs = sitemapURLs
        self.meta = meta
        self.headlines = headlines
    }

    /// The number of open positions found.
    public var jobCount: Int { jobs.count }

    /// "sitemapUrls" so that convertToSnakeCase gives "sitemap_urls" (not
    /// "sitemap_ur_ls") and convertFromSnakeCase reads it back.
    private enum CodingKeys: String, CodingKey {
        case prices, plans, jobs, items, meta, headlines
        case sitemapURLs = "sitemapUrls"
    }
}

/// What kind of document the bytes are.
public enum DocumentKind: String, Sendable, Codable, CaseIterable {
    case html
    /// RSS 2.0, RSS 1.0, Atom 1.0 or JSON Feed 1.x.
    case feed
    /// Any JSON endpoint; `FactExtractor.jsonPath` narrows what is read.
    case json
    /// sitemap.xml: a `urlset` or a `sitemapindex`.
    case sitemap
}
