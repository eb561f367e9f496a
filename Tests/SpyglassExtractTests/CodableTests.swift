import Foundation
import Testing
import SpyglassExtract

@Suite struct CodableTests {
    private func snakeJSON(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(value))
        return try #require(object as? [String: Any])
    }

    @Test func factsUseSnakeCaseKeys() throws {
        let facts = ExtractedFacts(
            prices: [PriceFact(plan: "Pro", amount: "49", currency: "USD", period: .oneTime, perUser: true,
                               billedAnnually: true, kind: .paid, text: "$49")],
            sitemapURLs: ["https://a.example/"], meta: PageMeta(ogTitle: "T", ogDescription: "D")
        )
        let json = try snakeJSON(facts)
        #expect(Set(json.keys) == ["prices", "plans", "jobs", "items", "sitemap_urls", "meta", "headlines"])
        let price = try #require((json["prices"] as? [[String: Any]])?.first)
        #expect(Set(price.keys) == ["plan", "amount", "currency", "period", "per_user", "billed_annually", "kind", "text"])
        #expect(price["period"] as? String == "one_time")
        let meta = try #require(json["meta"] as? [String: Any])
        #expect(Set(meta.keys) == ["og_title", "og_description"])
    }

    @Test func roundTripsWithSnakeCaseStrategies() throws {
        let original = facts(PricingFixtures.cardsUSD)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let withSitemap = ExtractedFacts(prices: original.prices, plans: original.plans, sitemapURLs: ["https://a.example/x"])
        #expect(try decoder.decode(ExtractedFacts.self, from: encoder.encode(withSitemap)) == withSitemap)
        #expect(try JSONDecoder().decode(ExtractedFacts.self, from: JSONEncoder().encode(withSitemap)) == withSitemap)
    }

    @Test func deltaKindsEncodeAsSnakeCaseStrings() throws {
        let delta = FactDelta(kind: .sitemapURLAdded, summary: "s", percent: "1.0", period: .month, field: "og_title")
        let json = try snakeJSON(delta)
        #expect(json["kind"] as? String == "sitemap_url_added")
        #expect(json["period"] as? String == "month")
        #expect(FactDelta.Kind.allCases.map(\.rawValue) == [
            "price_increased", "price_decreased", "plan_added", "plan_removed", "plan_renamed", "feature_added",
            "feature_removed", "job_added", "job_removed", "item_added", "sitemap_url_added", "sitemap_url_removed",
            "headline_changed", "meta_changed",
        ])
    }
}
