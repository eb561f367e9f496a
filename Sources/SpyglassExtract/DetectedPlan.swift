/// A plan found by one of the layout readers, with the lines it covers.
struct DetectedPlan {
    var name: String
    var prices: [PriceFact]
    var features: [String]
    /// The page lines the plan was read from; prices there are not stray.
    var lines: Range<Int>

    var fact: PlanFact {
        PlanFact(name: name, prices: prices.map { price in
            var tied = price
            tied.plan = name
            return tied
        }, features: features)
    }

    /// A plan merged from many places keeps at most this many prices.
    static let maxPrices = 20

    /// Plans found twice under one name (a monthly and an annual grid, or a
    /// card grid and a comparison table) become one, in order of appearance.
    static func merged(_ plans: [DetectedPlan]) -> [DetectedPlan] {
        var result: [DetectedPlan] = []
        var positions: [String: Int] = [:]
        for plan in plans.sorted(by: { $0.lines.lowerBound < $1.lines.lowerBound }) {
            let key = TextTools.matchKey(plan.name)
            guard let position = positions[key] else {
                positions[key] = result.count
                result.append(plan)
                continue
            }
            var existing = result[position]
            for price in plan.prices where existing.prices.count < maxPrices && !existing.prices.contains(where: { $0.sameTerms(as: price) }) {
                existing.prices.append(price)
            }
            for feature in plan.features where existing.features.count < PlanText.maxFeatures && !existing.features.contains(feature) {
                existing.features.append(feature)
            }
            result[position] = existing
        }
        return result
    }
}

extension PriceFact {
    /// Equal apart from the text it was read from.
    func sameTerms(as other: PriceFact) -> Bool {
        var left = self
        var right = other
        left.text = ""
        right.text = ""
        return left == right
    }
}
