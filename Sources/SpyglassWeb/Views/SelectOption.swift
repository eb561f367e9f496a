import Foundation
import SpyglassDomain
import SpyglassIntelligence

/// One `<option>` of a select, or one checkbox of a group.
struct SelectOption: Sendable {
    var value: String
    var label: String
    var selected: Bool

    /// Every change category, checked where `selected` says.
    static func categories(selected: (String) -> Bool) -> [SelectOption] {
        ChangeCategory.allCases.map {
            SelectOption(value: $0.rawValue, label: $0.rawValue.capitalized, selected: selected($0.rawValue))
        }
    }

    /// The minimum significance steps; "Any" (0) has the empty value, which reads back as no minimum.
    static func significances(selected: Int) -> [SelectOption] {
        FeedFilter.significanceSteps.map {
            SelectOption(value: $0 == 0 ? "" : String($0), label: $0 == 0 ? "Any" : "\($0) or more", selected: $0 == selected)
        }
    }

    /// The workspace's competitors by name.
    static func competitors(_ competitors: [Competitor], selected: (Competitor.ID) -> Bool) -> [SelectOption] {
        competitors.map { SelectOption(value: $0.id.rawValue, label: $0.name, selected: selected($0.id)) }
    }
}
