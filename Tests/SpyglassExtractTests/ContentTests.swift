import Testing
import SpyglassExtract

@Suite struct FeedTests {
    @Test func rss() {
        let result = facts(FeedFixtures.rss, kind: .feed, url: "https://acme.example/feed.xml")
        #expect(result.items.map(\.title) == ["Introducing Acme AI", "Pricing & packaging update", "A post without a title"])
        #expect(result.items.map(\.url) == [
            "https://acme.example/blog/acme-ai", "https://acme.example/blog/pricing-update", "https://acme.example/blog/untitled",
        ])
        #expect(result.items.map(\.published) == ["2026-03-10T09:30:00Z", "2026-03-02T07:00:00Z", "2026-02-01T12:00:00Z"])
    }

    @Test func atom() {
        let result = facts(FeedFixtures.atom, kind: .feed)
        #expect(result.items == [
            FeedItem(title: "v2.0 released", url: "https://acme.example/changelog/v2", published: "2026-02-28T10:00:00Z"),
            FeedItem(title: "v1.9", url: "https://acme.example/changelog/v1-9", published: "not a date"),
        ])
    }

    @Test func jsonFeed() {
        let result = facts(FeedFixtures.jsonFeed, kind: .feed)
        #expect(result.items == [
            FeedItem(title: "First note", url: "https://acme.example/notes/1", published: "2026-01-05T13:00:00Z"),
            FeedItem(title: "A note with only text that serves as its title", url: "https://acme.example/notes/2"),
        ])
    }

    @Test(arguments: ["", "not xml", "<rss><channel><item><title>x", "<html><body>hi</body></html>", "{\"items\": 5}", "[1,2]"])
    func brokenFeedsGiveNoItems(text: String) {
        #expect(facts(text, kind: .feed).items.isEmpty)
    }

    @Test func entitiesAreNotExpanded() {
        let bomb = """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
        <rss><channel><item><title>Hello &c;</title><link>https://a.example/1</link></item></channel></rss>
        """
        // libxml2 either leaves the reference out or refuses the document.
        let titles = facts(bomb, kind: .feed).items.map(\.title)
        #expect(titles == ["Hello"] || titles.isEmpty)
        #expect(!titles.contains { $0.contains("aaaa") })
    }
}

@Suite struct SitemapTests {
    @Test func urlset() {
        #expect(facts(FeedFixtures.sitemap, kind: .sitemap).sitemapURLs == [
            "https://acme.example/", "https://acme.example/pricing", "https://acme.example/blog/acme-ai",
        ])
    }

    @Test func sitemapIndex() {
        #expect(facts(FeedFixtures.sitemapIndex, kind: .sitemap).sitemapURLs == [
            "https://acme.example/sitemap-pages.xml", "https://acme.example/sitemap-blog.xml",
        ])
    }

    @Test func otherXMLGivesNothing() {
        #expect(facts(FeedFixtures.rss, kind: .sitemap).sitemapURLs.isEmpty)
        #expect(facts("<urlset><url><loc>https://a.example/", kind: .sitemap).sitemapURLs.isEmpty)
    }
}

@Suite struct PageMetaTests {
    @Test func titleDescriptionOpenGraphCanonical() {
        let page = """
        <html><head><title> Acme —  Pricing </title>
        <meta name="description" content="Plans for everyone">
        <meta property="og:title" content="Acme Pricing">
        <meta property="og:description" content="Start free">
        <link rel="alternate canonical" href="https://acme.example/pricing?ref=1">
        </head><body><h1>Plans</h1></body></html>
        """
        #expect(facts(page).meta == PageMeta(
            title: "Acme — Pricing", description: "Plans for everyone", ogTitle: "Acme Pricing",
            ogDescription: "Start free", canonical: "https://acme.example/pricing?ref=1"
        ))
    }

    @Test func relativeCanonicalIsResolved() {
        let page = "<head><link rel=canonical href='/en/pricing'></head>"
        #expect(facts(page, url: "https://acme.example/pricing").meta.canonical == "https://acme.example/en/pricing")
    }

    @Test func headlinesAreH1ThenFirstH2sOutsideChrome() {
        let page = """
        <nav><h2>Menu</h2></nav>
        <h1>Ship <em>faster</em> with Acme</h1>
        <h2>Built for teams</h2><h2>Secure by default</h2><h2>Loved by developers</h2><h2>Fourth</h2>
        <footer><h2>Footer</h2></footer>
        """
        #expect(facts(page).headlines == ["Ship faster with Acme", "Built for teams", "Secure by default", "Loved by developers"])
    }
}
