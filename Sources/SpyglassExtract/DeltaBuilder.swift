/// Compares the facts of two versions of a document.
public struct DeltaBuilder: Sendable {
    /// A removed and an added plan with the same prices are one renamed plan
    /// when at least this share of their features is the same.
    public var renameFeatureSimilarity: Double

    public init(renameFeatureSimilarity: Double = 0.6) {
        self.renameFeatureSimilarity = renameFeatureSimilarity
    }

    /// Deltas in a fixed order: plans, prices, features, jobs, items,
    /// sitemap, headlines, meta.
    public func deltas(from old: ExtractedFacts, to new: ExtractedFacts) -> [FactDelta] {
        var plans = PlanDeltas(old: old.plans, new: new.plans, renameFeatureSimilarity: renameFeatureSimilarity)
        var result = plans.planChanges()
        result += PriceDeltas(renames: plans.renames, removedPlans: plans.removedKeys, addedPlans: plans.addedKeys)
            .changes(old: Self.allPrices(old), new: Self.allPrices(new))
        result += plans.featureChanges()
        result += ContentDeltas.jobs(old: old.jobs, new: new.jobs)
        result += ContentDeltas.items(old: old.items, new: new.items)
        result += ContentDeltas.sitemap(old: old.sitemapURLs, new: new.sitemapURLs)
        result += ContentDeltas.headlines(old: old.headlines, new: new.headlines)
        result += ContentDeltas.meta(old: old.meta, new: new.meta)
        return result
    }

    /// `prices` and the plans' prices: facts built by hand may fill only one.
    private static func allPrices(_ facts: ExtractedFacts) -> [PriceFact] {
        let listed = Set(facts.prices)
        return facts.prices + facts.plans.flatMap(\.prices).filter { !listed.contains($0) }
    }
}
