import Testing
import SpyglassExtract

@Suite struct PricingCardTests {
    let result = facts(PricingFixtures.cardsUSD)

    @Test func findsEachCardAsAPlan() {
        #expect(result.plans.map(\.name) == ["Starter", "Pro", "Enterprise"])
    }

    @Test func readsThePaidPriceWithItsTerms() throws {
        let pro = try #require(result.plan("Pro"))
        let price = try #require(pro.prices.first)
        #expect(pro.prices.count == 1)
        #expect(price.amount == "49")
        #expect(price.currency == "USD")
        #expect(price.period == .month)
        #expect(price.perUser)
        #expect(!price.billedAnnually)
        #expect(price.kind == .paid)
        #expect(price.plan == "Pro")
        #expect(price.text.hasPrefix("$49/mo"))
    }

    @Test func dollarZeroIsFreeAndCustomHasNoAmount() throws {
        let starter = try #require(result.plan("Starter")?.prices.first)
        #expect(starter.kind == .free && starter.amount == "0" && starter.currency == "USD")
        let enterprise = try #require(result.plan("Enterprise")?.prices.first)
        #expect(enterprise.kind == .custom && enterprise.amount == nil && enterprise.currency == nil)
    }

    @Test func featuresLeaveOutExcludedItemsAndButtons() throws {
        let pro = try #require(result.plan("Pro"))
        #expect(pro.features == ["Unlimited projects", "SSO", "Priority support"])
        #expect(result.plan("Enterprise")?.features.contains("Audit logs") == true)
    }

    @Test func noFalsePricesFromMarketingCopyOrFooter() {
        // Only the three plan prices: not "2,000+", "2014", "99.9%", "24/7", the
        // phone number, "Save $120", "$500 in credits", "$5M", nor footer links.
        #expect(result.prices.count == 3)
        #expect(result.prices.allSatisfy { $0.plan != nil })
        #expect(!result.plans.contains { $0.name == "Company" || $0.name == "Support" })
    }
}

@Suite struct CardNamingTests {
    @Test func utilityClassCardsNamedByFirstLinePastBadges() {
        let page = """
        <div class="grid grid-cols-3 gap-8">
          <div class="rounded-xl p-8"><p class="text-sm">Most popular</p><p class="text-lg font-semibold">Launch</p>
            <p class="mt-4"><span class="text-4xl">$19</span><span>/month</span></p><a>Buy now</a>
            <ul><li>5 seats</li></ul></div>
          <div class="rounded-xl p-8"><p class="text-sm">Best value</p><p class="text-lg font-semibold">Orbit</p>
            <p class="mt-4"><span class="text-4xl">$59</span><span>/month</span></p><a>Buy now</a>
            <ul><li>25 seats</li></ul></div>
        </div>
        """
        let result = facts(page)
        #expect(result.plans.map(\.name) == ["Launch", "Orbit"])
        #expect(result.plan("Orbit")?.features == ["25 seats"])
    }

    @Test func webflowStyleCardsWithPeriodInItsOwnBlock() throws {
        let page = """
        <div class="w-layout-grid pricing-grid">
          <div class="pricing-card"><div class="text-block-12">Basic</div><div class="text-block-14">For side projects</div>
            <div class="pricing-price"><h2 class="heading-price">$29</h2><div class="text-block-13">/month</div></div>
            <a href="#" class="button w-button">Choose plan</a></div>
          <div class="pricing-card"><div class="text-block-12">Premium</div><div class="text-block-14">For companies</div>
            <div class="pricing-price"><h2 class="heading-price">$89</h2><div class="text-block-13">/month</div></div>
            <div class="text-block-15">Starts at $39/seat/mo for extra seats</div>
            <a href="#" class="button w-button">Choose plan</a></div>
        </div>
        """
        let result = facts(page)
        #expect(result.plans.map(\.name) == ["Basic", "Premium"])
        let premium = try #require(result.plan("Premium"))
        #expect(premium.prices.map(\.amount) == ["89", "39"])
        #expect(premium.prices.map(\.period) == [.month, .month])
        #expect(premium.prices.map(\.perUser) == [false, true])
    }

    @Test func headingMayBeCalledCustom() {
        let page = """
        <div><section><h3>Standard</h3><p>$10/mo</p></section><section><h3>Custom</h3><p>Contact us</p></section></div>
        """
        let result = facts(page)
        #expect(result.plans.map(\.name) == ["Standard", "Custom"])
        #expect(result.plan("Custom")?.prices.first?.kind == .custom)
    }

    @Test func priceInsideTheHeadingCell() {
        let page = """
        <table><tr><th></th><th>Pro<br>$49/mo</th><th>Max<br>$99/mo</th></tr>
        <tr><td>Seats</td><td>5</td><td>Unlimited</td></tr><tr><td>SSO</td><td></td><td>✓</td></tr></table>
        """
        let result = facts(page)
        #expect(result.plans.map(\.name) == ["Pro", "Max"])
        #expect(result.plan("Max")?.features == ["Seats: Unlimited", "SSO"])
        #expect(result.plan("Pro")?.features == ["Seats: 5"])
    }
}

@Suite struct PricingTableTests {
    let result = facts(PricingFixtures.tableEUR, url: "https://acme.example/de/preise")

    @Test func plansAreTheColumnHeaders() {
        #expect(result.plans.map(\.name) == ["Basis", "Business", "Konzern"])
    }

    @Test func readsEuropeanNumberFormats() throws {
        let business = try #require(result.plan("Business")?.prices.first)
        #expect(business.amount == "1234.56")
        #expect(business.currency == "EUR")
        #expect(business.period == .month)
        #expect(result.plan("Basis")?.prices.first?.amount == "49")
        #expect(result.plan("Konzern")?.prices.first?.kind == .custom)
    }

    @Test func featureRowsBecomeFeaturesPerColumn() throws {
        let basis = try #require(result.plan("Basis"))
        #expect(basis.features == ["Nutzer: 5", "Support: E-Mail"])
        let business = try #require(result.plan("Business"))
        #expect(business.features == ["Nutzer: 50", "SSO", "API-Zugang", "Support: Telefon"])
    }
}

@Suite struct PricingListTests {
    let result = facts(PricingFixtures.listGBP)

    @Test func listItemsWithBoldNamesArePlans() {
        #expect(result.plans.map(\.name) == ["Basic", "Plus", "Max"])
        #expect(result.plans.map { $0.prices.first?.currency } == ["GBP", "GBP", "GBP"])
        #expect(result.plans.map { $0.prices.first?.amount } == ["9", "19", "1299"])
        #expect(result.plans.map { $0.prices.first?.period } == [.month, .month, .year])
        #expect(result.plan("Plus")?.features == ["5 users", "100 GB storage"])
    }

    @Test func headingSectionsWithoutWrappersArePlans() {
        let page = """
        <html><body><main>
        <h2>Pricing</h2>
        <h3>Hobby</h3><p>Free forever</p><ul><li>1 site</li></ul>
        <h3>Indie</h3><p>$12 per month</p><ul><li>5 sites</li><li>Custom domain</li></ul>
        <h3>Agency</h3><p>$79 per month</p><ul><li>Unlimited sites</li></ul>
        </main></body></html>
        """
        let result = facts(page)
        #expect(result.plans.map(\.name) == ["Hobby", "Indie", "Agency"])
        #expect(result.plan("Hobby")?.prices.first?.kind == .free)
        #expect(result.plan("Indie")?.features == ["5 sites", "Custom domain"])
    }

    @Test func definitionListsArePlans() {
        let page = "<dl><dt>Starter</dt><dd>€5/mo</dd><dt>Team</dt><dd>€15/mo</dd></dl>"
        #expect(facts(page).plans.map(\.name) == ["Starter", "Team"])
    }

    @Test func tableWithOnePlanPerRow() {
        let page = """
        <table><tr><th>Plan</th><th>Price</th></tr>
        <tr><td>Lite</td><td>£4.99/month</td></tr><tr><td>Full</td><td>£9.99/month</td></tr></table>
        """
        let result = facts(page)
        #expect(result.plans.map(\.name) == ["Lite", "Full"])
        #expect(result.plan("Full")?.prices.first?.amount == "9.99")
    }
}

@Suite struct BillingToggleTests {
    @Test func monthlyAndAnnualPricesBothKept() throws {
        let result = facts(PricingFixtures.toggle)
        let team = try #require(result.plan("Team"))
        #expect(team.prices.count == 2)
        let monthly = try #require(team.prices.first { !$0.billedAnnually })
        let annual = try #require(team.prices.first { $0.billedAnnually })
        #expect(monthly.amount == "29" && monthly.period == .month && monthly.perUser)
        #expect(annual.amount == "24" && annual.period == .month && annual.perUser)
        #expect(result.plan("Business")?.prices.map(\.amount) == ["59", "49"])
    }

    @Test func toggleValuesInDataAttributes() throws {
        let result = facts(PricingFixtures.toggleAttributes)
        let solo = try #require(result.plan("Solo"))
        #expect(solo.prices.map(\.amount) == ["12", "10"])
        #expect(solo.prices.map(\.billedAnnually) == [false, true])
        #expect(solo.prices.allSatisfy { $0.period == .month && $0.currency == "USD" })
    }

    @Test func annualGridAndMonthlyGridMergeByName() throws {
        let page = """
        <div id="monthly" class="grid"><div class="c"><h3>Pro</h3><p>$20/mo</p></div><div class="c"><h3>Max</h3><p>$40/mo</p></div></div>
        <div id="yearly" class="grid"><div class="c"><h3>Pro</h3><p>$200/yr</p></div><div class="c"><h3>Max</h3><p>$400/yr</p></div></div>
        """
        let result = facts(page)
        #expect(result.plans.map(\.name) == ["Pro", "Max"])
        let pro = try #require(result.plan("Pro"))
        #expect(pro.prices.map(\.amount) == ["20", "200"])
        #expect(pro.prices.map(\.period) == [.month, .year])
    }
}

@Suite struct FreeAndCustomTests {
    let result = facts(PricingFixtures.freeAndCustom)

    @Test func slotsWithoutAmounts() throws {
        #expect(result.plans.map(\.name) == ["Hobby", "Growth", "Scale"])
        let hobby = try #require(result.plan("Hobby")?.prices.first)
        #expect(hobby.kind == .free && hobby.amount == "0" && hobby.text == "Free")
        let scale = try #require(result.plan("Scale")?.prices.first)
        #expect(scale.kind == .custom && scale.amount == nil)
    }

    @Test func symbolAndAmountInSeparateBlocks() throws {
        let growth = try #require(result.plan("Growth")?.prices.first)
        #expect(growth.amount == "99" && growth.currency == "USD" && growth.period == .month)
    }

    @Test func wordFreeInCopyIsNotAPrice() {
        let page = "<p>Start your free trial today. Free shipping on all plans. Try it free for 14 days.</p>"
        #expect(facts(page).prices.isEmpty)
    }

    @Test func contactLinksOutsidePricingAreNotPlans() {
        let page = """
        <footer><div><h4>Company</h4><a>Contact us</a></div><div><h4>Sales</h4><a>Contact sales</a></div></footer>
        <div><div><h4>Docs</h4><p>Contact sales</p></div><div><h4>Help</h4><p>Let's talk</p></div></div>
        """
        #expect(facts(page).plans.isEmpty)
    }
}

@Suite struct StrayPriceTests {
    @Test func productPagePriceWithoutPlan() throws {
        let page = "<html><body><h1>Widget</h1><p class='price'><del>$59.99</del> <ins>$49.99</ins></p></body></html>"
        let result = facts(page)
        let price = try #require(result.prices.first)
        #expect(result.prices.count == 1)
        #expect(price.amount == "49.99" && price.plan == nil && price.period == nil)
    }

    @Test func struckThroughByClassIsSkipped() {
        let page = "<p><span class='price-old'>€20</span> <span>€15</span></p>"
        #expect(facts(page).prices.map(\.amount) == ["15"])
    }

    @Test func australianPageMeansAustralianDollars() {
        let page = "<p>All prices in AUD, including GST.</p><p>Pro $29/month</p>"
        #expect(facts(page).prices.map(\.currency) == ["AUD"])
    }
}
