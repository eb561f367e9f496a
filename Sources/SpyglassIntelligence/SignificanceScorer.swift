/// How much a change matters, 0–100, with the reasons. A price move on a
/// pricing page is high; a typo fix is low. Monitors deliver only above
/// their threshold.
public struct Significance: Sendable, Equatable, Codable {
    public var score: Int
    public var reasons: [String]
}

public struct SignificanceScorer: Sendable {
    public init() {}

    public func score(_ evidence: ChangeEvidence, category: ChangeCategory) -> Significance {
        var score = 0.0
        var reasons: [String] = []
        func raise(to value: Double, _ reason: String) {
            if value > score { score = value }
            reasons.append(reason)
        }

        let kinds = Set(evidence.deltaKinds)
        if kinds.contains("price_increased") || kinds.contains("price_decreased") {
            let percent = evidence.largestPricePercent ?? 0
            raise(to: min(95, 80 + percent / 2), "a price moved" + (percent > 0 ? " by \(Int(percent.rounded()))%" : ""))
        }
        if kinds.contains("plan_added") || kinds.contains("plan_removed") { raise(to: 85, "a plan was added or removed") }
        if kinds.contains("plan_renamed") { raise(to: 70, "a plan was renamed") }
        if kinds.contains("feature_added") || kinds.contains("feature_removed") {
            raise(to: 60, "a plan's features changed")
        }
        if kinds.contains("job_added") || kinds.contains("job_removed") {
            let senior = (evidence.added + evidence.removed).contains { line in
                let lower = line.lowercased()
                return ["vp", "vice president", "head of", "director", "chief", "principal"].contains {
                    CategoryClassifier.containsWord(lower, $0)
                }
            }
            raise(to: senior ? 65 : 45, senior ? "a senior role opened or closed" : "a job opened or closed")
        }
        if kinds.contains("headline_changed") { raise(to: 55, "the headline / positioning changed") }
        if kinds.contains("item_added") { raise(to: 40, "new posts or items") }

        let baseline: [ChangeCategory: Double] = [
            .pricing: 60, .product: 50, .people: 40, .customers: 45, .marketing: 35,
        ]
        if score == 0 {
            score = baseline[category, default: 35]
            reasons.append("a \(category.rawValue) change")
        }

        let lines = evidence.added.count + evidence.removed.count
        if lines >= 10 {
            score += min(10, Double(lines) / 5)
            reasons.append("\(lines) lines changed")
        }
        if Self.isCosmetic(evidence) {
            score = min(score, 10)
            reasons.append("only a few characters changed (a typo fix or wording tweak)")
        }
        return Significance(score: Int(min(100, max(0, score)).rounded()), reasons: reasons)
    }

    /// One line replaced by a nearly identical one, with the same numbers.
    static func isCosmetic(_ evidence: ChangeEvidence) -> Bool {
        guard evidence.added.count == 1, evidence.removed.count == 1, evidence.deltaKinds.isEmpty else { return false }
        let old = evidence.removed[0]
        let new = evidence.added[0]
        guard old.filter(\.isNumber) == new.filter(\.isNumber) else { return false }
        return editDistance(Array(old), Array(new), limit: 4) <= 3
    }

    /// Levenshtein distance, giving up (returning `limit`) once it is certain to exceed it.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) >= limit { return limit }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            var rowMinimum = current[0]
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j + 1])
            }
            if rowMinimum >= limit { return limit }
            previous = current
        }
        return min(previous[b.count], limit)
    }
}
