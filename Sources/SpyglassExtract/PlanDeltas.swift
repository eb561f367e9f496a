/// Plans added, removed and renamed, and the features of plans in both versions.
struct PlanDeltas {
    let old: [PlanFact]
    let new: [PlanFact]
    let renameFeatureSimilarity: Double
    /// Old plan key → new plan key, for renamed plans.
    private(set) var renames: [String: String] = [:]
    private(set) var removedKeys = Set<String>()
    private(set) var addedKeys = Set<String>()

    init(old: [PlanFact], new: [PlanFact], renameFeatureSimilarity: Double) {
        self.old = old
        self.new = new
        self.renameFeatureSimilarity = renameFeatureSimilarity
    }

    static func key(_ name: String) -> String { TextTools.matchKey(name) }

    mutating func planChanges() -> [FactDelta] {
        let oldKeys = Set(old.map { Self.key($0.name) })
        let newKeys = Set(new.map { Self.key($0.name) })
        var removed = old.filter { !newKeys.contains(Self.key($0.name)) }
        var added = new.filter { !oldKeys.contains(Self.key($0.name)) }
        var result: [FactDelta] = []
        for plan in removed {
            guard let match = added.firstIndex(where: { isRename(from: plan, to: $0) }) else { continue }
            let renamed = added.remove(at: match)
            renames[Self.key(plan.name)] = Self.key(renamed.name)
            result.append(FactDelta(
                kind: .planRenamed, summary: "Plan renamed: \(plan.name) → \(renamed.name)",
                plan: renamed.name, before: plan.name, after: renamed.name
            ))
        }
        removed.removeAll { renames[Self.key($0.name)] != nil }
        for plan in added {
            addedKeys.insert(Self.key(plan.name))
            result.append(FactDelta(
                kind: .planAdded, summary: "New plan: \(plan.name)" + Self.priceNote(plan), plan: plan.name, after: plan.name,
                period: plan.prices.first?.period, currency: plan.prices.first?.currency
            ))
        }
        for plan in removed {
            removedKeys.insert(Self.key(plan.name))
            result.append(FactDelta(
                kind: .planRemoved, summary: "Plan removed: \(plan.name)" + Self.priceNote(plan), plan: plan.name,
                before: plan.name, period: plan.prices.first?.period, currency: plan.prices.first?.currency
            ))
        }
        return result
    }

    /// " ($29 per month)", " (Contact sales)", or "".
    private static func priceNote(_ plan: PlanFact) -> String {
        plan.prices.first.map { " (" + DeltaText.priceWithTerms($0) + ")" } ?? ""
    }

    /// Same prices, and mostly the same features.
    private func isRename(from old: PlanFact, to new: PlanFact) -> Bool {
        let oldTerms = Set(old.prices.map(Self.terms))
        guard !oldTerms.isEmpty, oldTerms == Set(new.prices.map(Self.terms)) else { return false }
        let oldFeatures = Set(old.features.map(TextTools.matchKey))
        let newFeatures = Set(new.features.map(TextTools.matchKey))
        if oldFeatures.isEmpty && newFeatures.isEmpty { return true }
        let shared = Double(oldFeatures.intersection(newFeatures).count)
        return shared / Double(oldFeatures.union(newFeatures).count) >= renameFeatureSimilarity
    }

    private static func terms(_ price: PriceFact) -> PriceFact {
        var key = price
        key.plan = nil
        key.text = ""
        return key
    }

    func featureChanges() -> [FactDelta] {
        var oldByKey: [String: PlanFact] = [:]
        for plan in old {
            let key = renames[Self.key(plan.name)] ?? Self.key(plan.name)
            if oldByKey[key] == nil { oldByKey[key] = plan }
        }
        var result: [FactDelta] = []
        for plan in new {
            guard let before = oldByKey[Self.key(plan.name)] else { continue }
            let oldFeatures = Set(before.features.map(TextTools.matchKey))
            let newFeatures = Set(plan.features.map(TextTools.matchKey))
            for feature in plan.features where !oldFeatures.contains(TextTools.matchKey(feature)) {
                result.append(FactDelta(
                    kind: .featureAdded, summary: "\(plan.name) gained feature: \(TextTools.clip(feature, to: DeltaText.maxQuoted))",
                    plan: plan.name, after: feature
                ))
            }
            for feature in before.features where !newFeatures.contains(TextTools.matchKey(feature)) {
                result.append(FactDelta(
                    kind: .featureRemoved, summary: "\(plan.name) lost feature: \(TextTools.clip(feature, to: DeltaText.maxQuoted))",
                    plan: plan.name, before: feature
                ))
            }
        }
        return result
    }
}
