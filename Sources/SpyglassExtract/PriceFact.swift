/// One price as shown on a page or in structured data.
public struct PriceFact: Sendable, Codable, Equatable, Hashable {
    public enum Period: String, Sendable, Codable, CaseIterable {
        case month
        case year
        case oneTime = "one_time"
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case paid
        case free
        /// "Contact sales", "Custom", "Let's talk": no amount shown.
        case custom
    }

    /// The plan this price belongs to, when known.
    public var plan: String?
    /// A normalised decimal: "1234.56", "49", "0"; nil for custom prices.
    public var amount: String?
    /// ISO 4217 code, when the page makes it clear.
    public var currency: String?
    public var period: Period?
    public var perUser: Bool
    public var billedAnnually: Bool
    public var kind: Kind
    /// The text the price was read from, as shown.
    public var text: String

    public init(
        plan: String? = nil, amount: String?, currency: String?, period: Period? = nil,
        perUser: Bool = false, billedAnnually: Bool = false, kind: Kind, text: String
    ) {
        self.plan = plan
        self.amount = amount
        self.currency = currency
        self.period = period
        self.perUser = perUser
        self.billedAnnually = billedAnnually
        self.kind = kind
        self.text = text
    }
}
