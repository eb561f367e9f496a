/// The five kinds of competitive change analysts sort their feed by.
public enum ChangeCategory: String, Sendable, Codable, CaseIterable, Equatable {
    /// Features, releases, changelog, docs.
    case product
    /// Prices, plans, packaging, discounts.
    case pricing
    /// Hiring, leadership, team pages.
    case people
    /// Blog, messaging and positioning, campaigns, homepage copy.
    case marketing
    /// Customer logos, case studies, reviews, partnerships.
    case customers
}
