import Foundation
import Testing
import SpyglassExtract

private func usd(_ amount: String, plan: String? = nil, period: PriceFact.Period? = .month, kind: PriceFact.Kind = .paid) -> PriceFact {
    PriceFact(plan: plan, amount: amount, currency: "USD", period: period, kind: kind, text: "$" + amount)
}

private func plan(_ name: String, _ prices: [PriceFact], features: [String] = []) -> PlanFact {
    PlanFact(name: name, prices: prices.map { price in
        var tied = price
        tied.plan = name
        return tied
    }, features: features)
}

private func pricing(_ plans: [PlanFact]) -> ExtractedFacts {
    ExtractedFacts(prices: plans.flatMap(\.prices), plans: plans)
}

@Suite struct PriceDeltaTests {
    let builder = DeltaBuilder()

    @Test func increaseWithPercent() throws {
        let deltas = builder.deltas(from: pricing([plan("Pro", [usd("49")])]), to: pricing([plan("Pro", [usd("59")])]))
        let delta = try #require(deltas.first)
        #expect(deltas.count == 1)
        #expect(delta.kind == .priceIncreased)
        #expect(delta.summary == "Pro: $49 → $59 per month (+20.4%)")
        #expect(delta.plan == "Pro" && delta.before == "49" && delta.after == "59")
        #expect(delta.percent == "20.4" && delta.period == .month && delta.currency == "USD")
    }

    @Test func decreaseWithTermsAndDecimals() throws {
        var old = usd("1234.5", period: .year)
        old.perUser = true
        old.billedAnnually = true
        var new = old
        new.amount = "999.99"
        let deltas = builder.deltas(from: pricing([plan("Team", [old])]), to: pricing([plan("Team", [new])]))
        #expect(deltas.map(\.kind) == [.priceDecreased])
        #expect(deltas.first?.summary == "Team: $1,234.50 → $999.99 per user per year, billed annually (-19.0%)")
        #expect(deltas.first?.percent == "-19.0")
    }

    @Test func euroAndPlanlessPrice() {
        let old = ExtractedFacts(prices: [PriceFact(amount: "10", currency: "EUR", kind: .paid, text: "10 €")])
        let new = ExtractedFacts(prices: [PriceFact(amount: "12", currency: "EUR", kind: .paid, text: "12 €")])
        #expect(builder.deltas(from: old, to: new).map(\.summary) == ["Price: €10 → €12 (+20.0%)"])
    }

    @Test func onlyComparesSameCurrencyPeriodAndBilling() {
        let monthly = usd("49")
        var annual = usd("39")
        annual.billedAnnually = true
        var annualLater = annual
        annualLater.amount = "35"
        var euro = PriceFact(amount: "45", currency: "EUR", period: .month, kind: .paid, text: "45 €")
        let old = pricing([plan("Pro", [monthly, annual, euro])])
        euro.amount = "46"
        let new = pricing([plan("Pro", [monthly, annualLater, euro])])
        let summaries = builder.deltas(from: old, to: new).map(\.summary)
        #expect(summaries == [
            "Pro: $39 → $35 per month, billed annually (-10.3%)",
            "Pro: €45 → €46 per month (+2.2%)",
        ])
    }

    @Test func ambiguousPricesAreNotCompared() {
        let old = ExtractedFacts(prices: [usd("10", period: nil), usd("20", period: nil)])
        let new = ExtractedFacts(prices: [usd("11", period: nil), usd("25", period: nil)])
        #expect(builder.deltas(from: old, to: new).isEmpty)
    }

    @Test func freeToPaid() {
        let free = PriceFact.init(amount: "0", currency: nil, kind: .free, text: "Free")
        let deltas = builder.deltas(from: pricing([plan("Starter", [free])]), to: pricing([plan("Starter", [usd("9")])]))
        #expect(deltas.map(\.summary) == ["Starter: Free → $9 per month"])
        #expect(deltas.first?.kind == .priceIncreased && deltas.first?.percent == nil)
    }

    @Test func plansWithoutTopLevelPricesAreCompared() {
        let old = ExtractedFacts(plans: [plan("Pro", [usd("49")])])
        let new = ExtractedFacts(plans: [plan("Pro", [usd("45")])])
        #expect(builder.deltas(from: old, to: new).map(\.summary) == ["Pro: $49 → $45 per month (-8.2%)"])
    }

    @Test func unchangedGivesNothing() {
        let facts = pricing([plan("Pro", [usd("49")], features: ["SSO"])])
        #expect(builder.deltas(from: facts, to: facts).isEmpty)
    }
}

@Suite struct PlanDeltaTests {
    let builder = DeltaBuilder()

    @Test func planAddedWithContactSales() {
        let custom = PriceFact(amount: nil, currency: nil, kind: .custom, text: "Contact sales")
        let deltas = builder.deltas(
            from: pricing([plan("Pro", [usd("49")])]),
            to: pricing([plan("Pro", [usd("49")]), plan("Enterprise", [custom])])
        )
        #expect(deltas.map(\.kind) == [.planAdded])
        #expect(deltas.first?.summary == "New plan: Enterprise (Contact sales)")
        #expect(deltas.first?.plan == "Enterprise")
    }

    @Test func planAddedWithPriceAndPlanRemoved() {
        let deltas = builder.deltas(
            from: pricing([plan("Legacy", [usd("19")], features: ["A"]), plan("Pro", [usd("49")])]),
            to: pricing([plan("Pro", [usd("49")]), plan("Team", [usd("29")], features: ["B"])])
        )
        #expect(deltas.map(\.summary) == ["New plan: Team ($29 per month)", "Plan removed: Legacy ($19 per month)"])
        #expect(deltas.map(\.kind) == [.planAdded, .planRemoved])
    }

    @Test func renameNeedsSamePriceAndMostFeatures() {
        let features = ["SSO", "Audit log", "API", "Priority support"]
        let deltas = builder.deltas(
            from: pricing([plan("Team", [usd("29")], features: features)]),
            to: pricing([plan("Business", [usd("29")], features: features.dropLast() + ["Webhooks"])])
        )
        #expect(deltas.map(\.kind) == [.planRenamed, .featureAdded, .featureRemoved])
        #expect(deltas.first?.summary == "Plan renamed: Team → Business")
        #expect(deltas.first?.before == "Team" && deltas.first?.after == "Business")
        #expect(deltas.dropFirst().map(\.summary) == ["Business gained feature: Webhooks", "Business lost feature: Priority support"])
    }

    @Test func differentPriceIsNotARename() {
        let deltas = builder.deltas(
            from: pricing([plan("Team", [usd("29")], features: ["SSO"])]),
            to: pricing([plan("Business", [usd("39")], features: ["SSO"])])
        )
        #expect(deltas.map(\.kind) == [.planAdded, .planRemoved])
    }

    @Test func differentFeaturesAreNotARename() {
        let deltas = builder.deltas(
            from: pricing([plan("Team", [usd("29")], features: ["SSO", "API", "Audit"])]),
            to: pricing([plan("Business", [usd("29")], features: ["Chat", "Phone", "Audit"])])
        )
        #expect(deltas.map(\.kind) == [.planAdded, .planRemoved])
    }

    @Test func renamedPlanPriceChangeIsComparedUnderTheNewName() {
        let deltas = builder.deltas(
            from: pricing([plan("Team", [usd("29"), usd("290", period: .year)], features: ["SSO"])]),
            to: pricing([plan("Business", [usd("29"), usd("290", period: .year)], features: ["SSO"])])
        )
        #expect(deltas.map(\.kind) == [.planRenamed])
    }

    @Test func featuresGainedAndLost() {
        let deltas = builder.deltas(
            from: pricing([plan("Pro", [usd("49")], features: ["SSO", "10 GB storage"])]),
            to: pricing([plan("Pro", [usd("49")], features: ["sso", "50 GB storage", "Audit logs"])])
        )
        #expect(deltas.map(\.summary) == [
            "Pro gained feature: 50 GB storage", "Pro gained feature: Audit logs", "Pro lost feature: 10 GB storage",
        ])
        #expect(deltas.map(\.kind) == [.featureAdded, .featureAdded, .featureRemoved])
        #expect(deltas.first?.after == "50 GB storage" && deltas.last?.before == "10 GB storage")
    }
}

@Suite struct ContentDeltaTests {
    let builder = DeltaBuilder()

    @Test func jobsAddedAndRemoved() {
        let kept = JobFact(title: "Designer", department: "Design", location: "Paris", url: "https://a.example/jobs/1")
        let old = ExtractedFacts(jobs: [kept, JobFact(title: "Recruiter", url: "https://a.example/jobs/2")])
        let new = ExtractedFacts(jobs: [
            kept, JobFact(title: "Senior Backend Engineer", department: "Engineering", location: "Berlin", url: "https://a.example/jobs/3"),
        ])
        let deltas = builder.deltas(from: old, to: new)
        #expect(deltas.map(\.summary) == ["New job: Senior Backend Engineer (Engineering, Berlin)", "Job removed: Recruiter"])
        #expect(deltas.map(\.kind) == [.jobAdded, .jobRemoved])
        #expect(deltas.first?.values == ["https://a.example/jobs/3"])
    }

    @Test func newPostsInOneDelta() {
        let old = ExtractedFacts(items: [FeedItem(title: "Old", url: "https://a.example/old")])
        let one = ExtractedFacts(items: [FeedItem(title: "Fresh", url: "https://a.example/fresh")] + old.items)
        #expect(builder.deltas(from: old, to: one).map(\.summary) == ["New post: “Fresh”"])
        let many = ExtractedFacts(items: (1...5).map { FeedItem(title: "Post \($0)", url: "https://a.example/\($0)") } + old.items)
        let delta = builder.deltas(from: old, to: many).first
        #expect(delta?.kind == .itemAdded)
        #expect(delta?.summary == "5 new posts: “Post 1”, “Post 2”, “Post 3” and 2 more")
        #expect(delta?.values.count == 5)
        #expect(builder.deltas(from: many, to: old).isEmpty)
    }

    @Test func sitemapURLsAddedAndRemoved() {
        let old = ExtractedFacts(sitemapURLs: ["https://a.example/", "https://a.example/old"])
        let new = ExtractedFacts(sitemapURLs: ["https://a.example/", "https://a.example/pricing/teams", "https://a.example/blog?p=2"])
        let deltas = builder.deltas(from: old, to: new)
        #expect(deltas.map(\.summary) == [
            "2 new pages in sitemap: /pricing/teams, /blog?p=2", "Page removed from sitemap: /old",
        ])
        #expect(deltas.map(\.kind) == [.sitemapURLAdded, .sitemapURLRemoved])
        #expect(deltas.first?.values == ["https://a.example/pricing/teams", "https://a.example/blog?p=2"])
    }

    @Test func headlineChanged() {
        let deltas = builder.deltas(
            from: ExtractedFacts(headlines: ["Project management for teams", "Same"]),
            to: ExtractedFacts(headlines: ["The AI workspace for teams", "Same", "Now with agents"])
        )
        #expect(deltas.map(\.summary) == [
            "Headline changed: “Project management for teams” → “The AI workspace for teams”", "New headline: “Now with agents”",
        ])
        #expect(deltas.allSatisfy { $0.kind == .headlineChanged })
        #expect(deltas.first?.before == "Project management for teams")
    }

    @Test func metaChanged() {
        let deltas = builder.deltas(
            from: ExtractedFacts(meta: PageMeta(title: "Acme", description: "Old pitch", canonical: "https://a.example/")),
            to: ExtractedFacts(meta: PageMeta(title: "Acme", description: "New pitch", ogTitle: "Acme AI"))
        )
        #expect(deltas.map(\.summary) == [
            "Meta description changed: “Old pitch” → “New pitch”", "OpenGraph title added: “Acme AI”",
            "Canonical URL removed: “https://a.example/”",
        ])
        #expect(deltas.map(\.field) == ["description", "og_title", "canonical"])
    }

    @Test func longTextsAreClippedInSummaries() throws {
        let long = String(repeating: "word ", count: 100)
        let delta = try #require(builder.deltas(from: ExtractedFacts(headlines: ["a"]), to: ExtractedFacts(headlines: [long])).first)
        #expect(delta.summary.count < 200)
        #expect(delta.summary.contains("…"))
    }
}

@Suite struct EndToEndDeltaTests {
    @Test func pricingPageBeforeAndAfter() {
        let before = facts(PricingFixtures.cardsUSD)
        let after = facts(PricingFixtures.cardsUSD
            .replacingOccurrences(of: "<span class=\"amount\">49</span>", with: "<span class=\"amount\">59</span>")
            .replacingOccurrences(of: "<li>SSO</li>", with: "<li>SSO</li><li>SCIM provisioning</li>")
            .replacingOccurrences(of: "Pricing that scales with you", with: "Pricing for AI teams"))
        let summaries = DeltaBuilder().deltas(from: before, to: after).map(\.summary)
        #expect(summaries == [
            "Pro: $49 → $59 per user per month (+20.4%)",
            "Pro gained feature: SCIM provisioning",
            "Headline changed: “Pricing that scales with you” → “Pricing for AI teams”",
        ])
    }

    @Test func euroTablePriceChange() {
        let before = facts(PricingFixtures.tableEUR)
        let after = facts(PricingFixtures.tableEUR.replacingOccurrences(of: "1.234,56 €", with: "1.334,56 €"))
        #expect(DeltaBuilder().deltas(from: before, to: after).map(\.summary) == ["Business: €1,234.56 → €1,334.56 per month (+8.1%)"])
    }
}
