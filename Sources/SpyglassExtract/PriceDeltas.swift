/// Price increases and decreases. Prices are compared only within the same
/// plan, currency, period and billing terms, and only when each version
/// shows exactly one amount for them: an ambiguous pair is left out rather
/// than guessed.
struct PriceDeltas {
    let renames: [String: String]
    let removedPlans: Set<String>
    let addedPlans: Set<String>

    private struct Key: Hashable {
        var plan: String
        var currency: String?
        var period: PriceFact.Period?
        var perUser: Bool
        var billedAnnually: Bool
    }

    func changes(old: [PriceFact], new: [PriceFact]) -> [FactDelta] {
        let oldGroups = groups(old, renaming: true)
        let newGroups = groups(new, renaming: false)
        var result: [FactDelta] = []
        var comparedPlans = Set<String>()
        for key in newGroups.order {
            guard let before = oldGroups.prices[key], let after = newGroups.prices[key] else { continue }
            comparedPlans.insert(key.plan)
            guard let oldPrice = single(before), let newPrice = single(after) else { continue }
            if let delta = delta(from: oldPrice, to: newPrice) { result.append(delta) }
        }
        // A plan whose one price changed terms too ("Free" → "$9/mo").
        for plan in Set(newGroups.order.map(\.plan)).subtracting(comparedPlans).sorted() where !plan.isEmpty {
            let before = oldGroups.order.filter { $0.plan == plan }.flatMap { oldGroups.prices[$0] ?? [] }
            let after = newGroups.order.filter { $0.plan == plan }.flatMap { newGroups.prices[$0] ?? [] }
            guard let oldPrice = single(before), let newPrice = single(after), compatible(oldPrice, newPrice),
                  let delta = delta(from: oldPrice, to: newPrice)
            else { continue }
            result.append(delta)
        }
        return result
    }

    private func groups(_ prices: [PriceFact], renaming: Bool) -> (order: [Key], prices: [Key: [PriceFact]]) {
        var order: [Key] = []
        var grouped: [Key: [PriceFact]] = [:]
        for price in prices where price.kind != .custom && price.amount != nil {
            var plan = price.plan.map(PlanDeltas.key) ?? ""
            if renaming { plan = renames[plan] ?? plan }
            guard !(renaming ? removedPlans : addedPlans).contains(plan) else { continue }
            let key = Key(plan: plan, currency: price.currency, period: price.period, perUser: price.perUser,
                          billedAnnually: price.billedAnnually)
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(price)
        }
        return (order, grouped)
    }

    /// The price when all of them show the same amount; nil when ambiguous.
    private func single(_ prices: [PriceFact]) -> PriceFact? {
        guard let first = prices.first, prices.allSatisfy({ $0.amount == first.amount }) else { return nil }
        return first
    }

    /// Free on either side, or terms that differ only where one side is silent.
    private func compatible(_ old: PriceFact, _ new: PriceFact) -> Bool {
        if old.kind == .free || new.kind == .free { return true }
        let currencies = old.currency == nil || new.currency == nil || old.currency == new.currency
        let periods = old.period == nil || new.period == nil || old.period == new.period
        return currencies && periods && old.perUser == new.perUser
    }

    private func delta(from old: PriceFact, to new: PriceFact) -> FactDelta? {
        guard let before = old.amount.flatMap(Amount.init(decimal:)), let after = new.amount.flatMap(Amount.init(decimal:)),
              before != after
        else { return nil }
        let percent = before.percentChange(to: after)
        let label = new.plan ?? old.plan ?? "Price"
        let terms = DeltaText.terms(new.kind == .free ? old : new)
        var summary = "\(label): \(DeltaText.price(old)) → \(DeltaText.price(new))"
        if !terms.isEmpty { summary += " " + terms }
        if let percent { summary += " (" + (after > before ? "+" : "") + percent + "%)" }
        return FactDelta(
            kind: after > before ? .priceIncreased : .priceDecreased, summary: summary, plan: new.plan ?? old.plan,
            before: before.normalized, after: after.normalized, percent: percent,
            period: new.period ?? old.period, currency: new.currency ?? old.currency
        )
    }
}
