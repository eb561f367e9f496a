import SpyglassIntelligence
import Testing

@Suite("Taxonomy and significance")
struct ClassifierTests {
    let classifier = CategoryClassifier()
    let scorer = SignificanceScorer()

    @Test("a price move on a pricing page is pricing and highly significant")
    func pricing() {
        let evidence = ChangeEvidence(
            url: "https://acme.example/pricing", kind: "html", added: ["Pro $59/mo"], removed: ["Pro $49/mo"],
            deltaKinds: ["price_increased"], largestPricePercent: 20.4)
        let classification = classifier.classify(evidence)
        #expect(classification.category == .pricing)
        #expect(classification.confidence > 0.5)
        #expect(classification.reasons.contains { $0.contains("/pricing") })
        #expect(scorer.score(evidence, category: .pricing).score >= 85)
    }

    @Test("hiring, product, customers and marketing evidence", arguments: [
        ("https://acme.example/careers", ["Senior Backend Engineer — Berlin"], ["job_added"], ChangeCategory.people),
        ("https://acme.example/changelog", ["v2.4 released: new Salesforce integration"], [], .product),
        ("https://acme.example/customers", ["Northwind chose Acme to cut reporting time"], [], .customers),
        ("https://acme.example/", ["The all-in-one analytics platform built for modern teams"], ["headline_changed"], .marketing),
    ])
    func categories(url: String, added: [String], deltas: [String], expected: ChangeCategory) {
        let evidence = ChangeEvidence(url: url, kind: "html", added: added, removed: [], deltaKinds: deltas)
        #expect(classifier.classify(evidence).category == expected)
    }

    @Test("a pinned category wins")
    func pinned() {
        let evidence = ChangeEvidence(url: "https://acme.example/pricing", kind: "html", added: ["x"], removed: [],
                                      deltaKinds: [])
        #expect(classifier.classify(evidence, pinned: .customers).category == .customers)
    }

    @Test("a typo fix is barely significant")
    func typo() {
        let evidence = ChangeEvidence(url: "https://acme.example/", kind: "html", added: ["Analytics for every team"],
                                      removed: ["Analytcs for every team"], deltaKinds: [])
        #expect(scorer.score(evidence, category: .marketing).score <= 10)
    }

    @Test("a changed number is never a typo")
    func numbersMatter() {
        let evidence = ChangeEvidence(url: "https://acme.example/", kind: "html", added: ["Uptime 99.9%"],
                                      removed: ["Uptime 99.5%"], deltaKinds: [])
        #expect(scorer.score(evidence, category: .product).score > 10)
    }
}
