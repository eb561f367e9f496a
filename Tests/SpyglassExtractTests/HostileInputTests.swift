import Foundation
import Testing
import SpyglassExtract
import SpyglassHTML

@Suite struct HostileInputTests {
    @Test func deeplyNestedPage() {
        let depth = 50_000
        let page = String(repeating: "<div>", count: depth) + "<p>$49/mo</p>" + String(repeating: "</div>", count: depth)
        // libxml2 stops nesting long before; whatever survives must not crash.
        _ = facts(page)
        let inline = String(repeating: "<span><b>", count: 20_000) + "x"
        _ = facts(inline)
    }

    @Test func fiveMegabytePricingPage() {
        var cards = ""
        for index in 0..<150 {
            cards += "<div class='c'><h3>Plan \(index)</h3><p>$\(index + 1)/mo</p><ul><li>Feature \(index)</li></ul></div>"
        }
        let filler = String(repeating: "<p>Lorem ipsum dolor sit amet, 2026, 24/7, 99.9% uptime, call 555-0100.</p>", count: 70_000)
        let page = "<html><body><div class='grid'>\(cards)</div>\(filler)</body></html>"
        #expect(page.utf8.count > 5_000_000)
        let result = facts(page)
        #expect(result.plans.count == 150)
        #expect(result.prices.count == 150)
    }

    @Test func moreLinesThanTheIndexKeeps() {
        let page = String(repeating: "<p>x</p>", count: 230_000) + "<div><span>$5</span> tail"
        _ = facts(page)
    }

    @Test func manyPricesAreCapped() {
        let page = "<p>" + (0..<5000).map { "$\($0 + 1)" }.joined(separator: " ") + "</p>"
        #expect(facts(page).prices.count <= FactExtractor.Limits.default.maxPrices)
    }

    @Test func tooLargeInputGivesNoFacts() {
        let extractor = FactExtractor(limits: .init(tree: .init(maxInputBytes: 100)))
        let page = Array(("<p>$49</p>" + String(repeating: " ", count: 200)).utf8)
        #expect(extractor.extract(document: page, url: nil, kind: .html) == ExtractedFacts())
    }

    @Test func binaryAndBrokenBytes() {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for kind in DocumentKind.allCases {
            _ = FactExtractor().extract(document: noise, url: "not a url", kind: kind)
            _ = FactExtractor().extract(document: [], url: nil, kind: kind)
            _ = FactExtractor().extract(document: [0xFF, 0xFE, 0x00], url: nil, kind: kind)
        }
    }

    @Test func malformedMarkupStillReadsPrices() {
        let page = "<div class=plans><div><h3>Pro<div>$49/mo<ul><li>SSO</div><div><h3>Max</h3><p>$99/mo</div></div"
        #expect(facts(page).prices.compactMap(\.amount).sorted() == ["49", "99"])
    }

    @Test func hugeJSONLDAndDeepJSON() {
        let deep = String(repeating: "{\"a\":", count: 5000) + "1" + String(repeating: "}", count: 5000)
        let page = "<script type='application/ld+json'>\(deep)</script><script type='application/ld+json'>"
            + String(repeating: "[", count: 100_000) + "</script><p>€5</p>"
        #expect(facts(page).prices.map(\.amount) == ["5"])
        _ = FactExtractor().extract(document: Array(deep.utf8), url: nil, kind: .json)
    }

    @Test func wideJSONIsBounded() {
        let body = "[" + Array(repeating: #"{"name":"P","price":1,"currency":"USD"}"#, count: 20_000).joined(separator: ",") + "]"
        let result = FactExtractor().extract(document: Array(body.utf8), url: nil, kind: .json)
        #expect(result.plans.count <= 200)
        #expect(result.prices.count <= FactExtractor.Limits.default.maxPrices)
    }

    @Test func longLinesAndManyAttributes() {
        let attributes = (0..<2000).map { "data-x\($0)=\"\($0)\"" }.joined(separator: " ")
        let page = "<div \(attributes)>" + String(repeating: "a", count: 2_000_000) + " $5</div>"
        _ = facts(page)
    }

    @Test func hugeSitemapIsCapped() {
        let urls = (0..<60_000).map { "<url><loc>https://a.example/\($0)</loc></url>" }.joined()
        let sitemap = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\(urls)</urlset>"
        #expect(facts(sitemap, kind: .sitemap).sitemapURLs.count == 50_000)
    }

    @Test func manyJobItemsAreCapped() {
        let items = (0..<5000).map { "<div class='job'><a href='/jobs/\($0)'>Role \($0)</a><span class='location'>X</span></div>" }
        let page = "<h3>Engineering</h3><div>" + items.joined() + "</div>"
        let jobs = facts(page).jobs
        #expect(jobs.count == 2000)
        #expect(jobs.first?.department == "Engineering")
    }

    @Test func nestedPricedTables() {
        let depth = 150
        let open = String(repeating: "<table><tr><td>Plan</td><td>$1/mo</td><td>$2/mo</td></tr><tr><td>", count: depth)
        let close = String(repeating: "</td></tr></table>", count: depth)
        _ = facts(open + "x" + close)
    }

    @Test func repeatedPlanNamesAcrossManyGroups() {
        let group = "<div><div><h3>Pro</h3><p>$1</p></div><div><h3>Max</h3><p>$2</p></div></div>"
        let page = String(repeating: group, count: 3000)
        let result = facts(page)
        #expect(result.plans.map(\.name) == ["Pro", "Max"])
        #expect(result.plans.allSatisfy { $0.prices.count == 1 })
    }

    @Test func externalEntitiesAreNotLoaded() {
        let feed = """
        <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <rss><channel><item><title>&x;leak</title></item></channel></rss>
        """
        #expect(facts(feed, kind: .feed).items.map(\.title) == ["leak"])
    }
}

@Suite("Wide documents")
struct WideDocumentTests {
    @Test("tens of thousands of siblings build a tree (linear, not quadratic)")
    func manySiblings() throws {
        let html = "<html><body><div>" + String(repeating: "<br>", count: 40_000) + "<p>end</p></div></body></html>"
        let tree = try HTMLTree.html(Array(html.utf8))
        #expect(tree.root.textContent.contains("end"))
    }
}
