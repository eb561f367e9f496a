/// One structured difference between two versions' facts, with a one-line
/// summary for people ("Pro: $49 → $59 per month (+20.4%)").
public struct FactDelta: Sendable, Codable, Equatable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case priceIncreased = "price_increased"
        case priceDecreased = "price_decreased"
        case planAdded = "plan_added"
        case planRemoved = "plan_removed"
        case planRenamed = "plan_renamed"
        case featureAdded = "feature_added"
        case featureRemoved = "feature_removed"
        case jobAdded = "job_added"
        case jobRemoved = "job_removed"
        case itemAdded = "item_added"
        case sitemapURLAdded = "sitemap_url_added"
        case sitemapURLRemoved = "sitemap_url_removed"
        case headlineChanged = "headline_changed"
        case metaChanged = "meta_changed"
    }

    public var kind: Kind
    public var summary: String
    /// The plan concerned (its new name after a rename).
    public var plan: String?
    /// The old value: an amount ("49"), a plan or feature name, a headline.
    public var before: String?
    /// The new value, as `before`.
    public var after: String?
    /// The price change in percent with one decimal ("20.4", "-16.9").
    public var percent: String?
    public var period: PriceFact.Period?
    public var currency: String?
    /// For `meta_changed`: title, description, og_title, og_description or canonical.
    public var field: String?
    /// For `item_added` and sitemap deltas: the titles or URLs concerned.
    public var values: [String]

    public init(
        kind: Kind, summary: String, plan: String? = nil, before: String? = nil, after: String? = nil,
        percent: String? = nil, period: PriceFact.Period? = nil, currency: String? = nil, field: String? = nil,
        values: [String] = []
    ) {
        self.kind = kind
        self.summary = summary
        self.plan = plan
        self.before = before
        self.after = after
        self.percent = percent
        self.period = period
        self.currency = currency
        self.field = field
        self.values = values
    }
}
