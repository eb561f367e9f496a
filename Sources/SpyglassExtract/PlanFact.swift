/// A plan tier on a pricing page.
public struct PlanFact: Sendable, Codable, Equatable, Hashable {
    public var name: String
    /// Its prices (monthly and annual when both are shown), each with `plan` set.
    public var prices: [PriceFact]
    /// Included features, as listed.
    public var features: [String]

    public init(name: String, prices: [PriceFact] = [], features: [String] = []) {
        self.name = name
        self.prices = prices
        self.features = features
    }
}
