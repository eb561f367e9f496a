import Foundation
import SpyglassDomain
import SpyglassIntelligence

/// A channel's routing rule as the channels page edits it: category checkboxes, a
/// minimum significance, competitor checkboxes and comma-separated tags. Checked
/// as the API checks a rule; a competitor must be one of this workspace's.
struct RoutingForm: Sendable {
    static let maximumTags = 20
    static let maximumTagLength = 50

    var rule: RoutingRule
    var errors: [String] = []

    init(_ form: FormBody, competitors: Set<Competitor.ID>) {
        let categories = form.all("category")
        let significance = form["min_significance"] ?? "0"
        let competitorIDs = form.all("competitor")
        let tags = (form["tags"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        rule = RoutingRule(
            categories: Array(Set(categories)).sorted(), minSignificance: Int(significance) ?? 0,
            competitorIds: Array(Set(competitorIDs)).sorted(), tags: Array(Set(tags)).sorted())
        if let unknown = categories.first(where: { ChangeCategory(rawValue: $0) == nil }) {
            errors.append("“\(unknown)” is not a category.")
        }
        if Int(significance).map({ !(0...100).contains($0) }) ?? true {
            errors.append("The minimum significance is a whole number from 0 to 100.")
        }
        if competitorIDs.contains(where: { id in Competitor.ID(id).map { !competitors.contains($0) } ?? true }) {
            errors.append("Choose competitors of this workspace.")
        }
        if tags.count > Self.maximumTags { errors.append("At most \(Self.maximumTags) tags.") }
        if tags.contains(where: { $0.count > Self.maximumTagLength }) {
            errors.append("A tag is at most \(Self.maximumTagLength) characters.")
        }
    }

    /// One line for the table: "Everything", or the conditions that are set.
    static func summary(_ rule: RoutingRule, names: [Competitor.ID: String]) -> String {
        var parts: [String] = []
        if !rule.categories.isEmpty { parts.append(rule.categories.map { $0.capitalized }.joined(separator: ", ")) }
        if rule.minSignificance > 0 { parts.append("significance \(rule.minSignificance)+") }
        if !rule.competitorIds.isEmpty {
            parts.append(rule.competitorIds.map { id in
                Competitor.ID(id).flatMap { names[$0] } ?? "a deleted competitor"
            }.joined(separator: ", "))
        }
        if !rule.tags.isEmpty { parts.append("tagged " + rule.tags.joined(separator: " or ")) }
        return parts.isEmpty ? "Everything" : parts.joined(separator: " · ")
    }
}
