import Testing
import SpyglassExtract

@Suite struct SchemaOrgTests {
    @Test func productsAndOffersThroughGraph() throws {
        let result = facts(PricingFixtures.productJSONLD)
        let widget = try #require(result.prices.first { $0.plan == "Acme Widget" })
        #expect(widget.amount == "1299" && widget.currency == "EUR" && widget.kind == .paid)
        let pro = try #require(result.prices.first { $0.plan == "Pro" })
        #expect(pro.amount == "49" && pro.currency == "USD" && pro.period == .month)
        let enterprise = try #require(result.prices.first { $0.plan == "Enterprise" })
        #expect(enterprise.amount == "199" && enterprise.text == "from $199")
        #expect(result.prices.count == 3)
    }

    @Test func topLevelArrayAndTypeLists() {
        let page = """
        <script type="application/ld+json">[{"@type":["Product","Thing"],"name":"Kit",
        "offers":{"@type":"Offer","price":0,"priceCurrency":"usd"}}]</script>
        """
        let result = facts(page)
        #expect(result.prices.map(\.kind) == [.free])
        #expect(result.prices.first?.currency == "USD")
    }

    @Test func humanWrittenPriceStrings() {
        let page = """
        <script type="application/ld+json">{"@type":"Offer","name":"Box","price":"$1,299.00"}</script>
        <script type="application/ld+json">{"@type":"Offer","name":"Bag","price":"19,90","priceCurrency":"EUR"}</script>
        """
        let result = facts(page)
        #expect(result.prices.map(\.amount) == ["1299", "19.9"])
        #expect(result.prices.map(\.currency) == ["USD", "EUR"])
    }

    @Test func malformedJSONLDIsSkipped() {
        let page = """
        <script type="application/ld+json">{"@type":"Product","offers":{"price":</script>
        <script type="application/ld+json">{"@type":"Product","name":"Ok","offers":{"@type":"Offer","price":"5","priceCurrency":"GBP"}}</script>
        <script type="application/ld+json">[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]</script>
        <script type="application/ld+json">{"@type":"Offer","price":"1e400","priceCurrency":"USD"}</script>
        <script type="application/ld+json">{"@type":"Offer","price":"-5","priceCurrency":"USD"}</script>
        <script type="application/ld+json">{"@type":"Offer","price":"NaN","priceCurrency":"USD"}</script>
        """
        let result = facts(page)
        #expect(result.prices.map(\.amount) == ["5"])
    }

    @Test func jobPosting() throws {
        let result = facts(JobFixtures.postingJSONLD, url: "https://acme.example/careers/sre")
        let job = try #require(result.jobs.first)
        #expect(result.jobs.count == 1)
        #expect(job.title == "Site Reliability Engineer")
        #expect(job.department == "Engineering")
        #expect(job.location == "Berlin, DE")
        #expect(job.employmentType == "FULL_TIME, CONTRACTOR")
        #expect(job.organization == "Acme & Co")
        #expect(job.url == "https://acme.example/careers/sre")
    }

    @Test func remoteJobPostingAndNesting() throws {
        let page = """
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"ItemList","itemListElement":[
          {"@type":"ListItem","item":{"@type":"JobPosting","title":"Support Lead","jobLocationType":"TELECOMMUTE",
           "jobLocation":{"@type":"Place","address":"Lisbon, Portugal"}}}]}</script>
        """
        let job = try #require(facts(page).jobs.first)
        #expect(job.title == "Support Lead")
        #expect(job.location == "Lisbon, Portugal; Remote")
    }
}

@Suite struct JobBoardTests {
    @Test func greenhouseSectionsGiveDepartments() {
        let result = facts(JobFixtures.greenhouse, url: "https://boards.greenhouse.io/acme")
        #expect(result.jobCount == 3)
        #expect(result.jobs.map(\.title) == ["Senior Backend Engineer", "Frontend Engineer", "Account Executive"])
        #expect(result.jobs.map(\.department) == ["Engineering", "Engineering", "Sales"])
        #expect(result.jobs.map(\.location) == ["Berlin", "Remote - Europe", "New York, NY"])
        #expect(result.jobs.first?.url == "https://boards.greenhouse.io/acme/jobs/5551234")
    }

    @Test func leverPostingCountsOnceDespiteApplyLink() throws {
        let result = facts(JobFixtures.lever, url: "https://jobs.lever.co/acme")
        let job = try #require(result.jobs.first)
        #expect(result.jobs.count == 1)
        #expect(job.title == "Product Designer")
        #expect(job.location == "London")
        #expect(job.department == "Product – Design")
        #expect(job.employmentType == "Full-time")
        #expect(job.url == "https://jobs.lever.co/acme/a1b2c3d4-0000-1111-2222-333344445555")
    }

    @Test func careersPageLinksUnderHeadings() {
        let result = facts(JobFixtures.careersPage, url: "https://acme.example/careers")
        #expect(result.jobs.map(\.title) == ["Data Engineer", "Analytics Lead"])
        #expect(result.jobs.map(\.department) == ["Data", "Data"])
        #expect(result.jobs.map(\.location) == ["Lisbon", "Remote"])
    }

    @Test func workableLikeDataAttributes() {
        let page = """
        <ul><li data-ui="job"><a href="/j/ABC123"><h3 data-ui="job-title">QA Engineer</h3></a>
          <span data-ui="job-location">Athens, Greece</span><span data-ui="job-department">Quality</span></li>
        <li data-ui="job"><a href="/j/ABC124"><h3 data-ui="job-title">Support Agent</h3></a>
          <span data-ui="job-location">Remote</span><span data-ui="job-department">Support</span></li></ul>
        """
        let result = facts(page, url: "https://apply.workable.com/acme/")
        #expect(result.jobs.map(\.title) == ["QA Engineer", "Support Agent"])
        #expect(result.jobs.map(\.department) == ["Quality", "Support"])
        #expect(result.jobs.map(\.location) == ["Athens, Greece", "Remote"])
    }

    @Test func blogCardsAreNotJobs() {
        #expect(facts(JobFixtures.blogIndex, url: "https://acme.example/blog").jobs.isEmpty)
    }

    @Test func navigationLinkToCareersIsNotAJob() {
        let page = "<nav><ul><li><a href='/careers'>Careers</a></li><li><a href='/jobs/'>Jobs</a></li></ul></nav>"
        #expect(facts(page).jobs.isEmpty)
    }
}
