/// Which changes a channel hears about. Empty lists mean "any"; a change must
/// pass every condition that is set.
public struct RoutingRule: Sendable, Equatable, Codable {
    public var categories: [String]
    public var minSignificance: Int
    public var competitorIds: [String]
    /// Competitor tags; a change passes when its competitor has any of them.
    public var tags: [String]

    public init(categories: [String] = [], minSignificance: Int = 0, competitorIds: [String] = [], tags: [String] = []) {
        self.categories = categories
        self.minSignificance = minSignificance
        self.competitorIds = competitorIds
        self.tags = tags
    }

    public static let everything = RoutingRule()

    /// Every key is optional in JSON: a missing one means "any".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        categories = try container.decodeIfPresent([String].self, forKey: .categories) ?? []
        minSignificance = try container.decodeIfPresent(Int.self, forKey: .minSignificance) ?? 0
        competitorIds = try container.decodeIfPresent([String].self, forKey: .competitorIds) ?? []
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
    }

    public func accepts(_ change: Change, competitor: Competitor?) -> Bool {
        if !categories.isEmpty, !categories.contains(change.category ?? "") { return false }
        if change.significance < minSignificance { return false }
        if !competitorIds.isEmpty, !competitorIds.contains(change.competitorID.rawValue) { return false }
        if !tags.isEmpty, Set(tags).isDisjoint(with: competitor?.tags ?? []) { return false }
        return true
    }
}
