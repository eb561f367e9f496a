import SpyglassHTML
import Testing

@Suite("RSS and Atom feeds")
struct FeedTextTests {
    @Test("RSS 2.0: feed title, then one line per item")
    func rss() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
              <channel>
                <title> Acme   Blog </title>
                <link>https://acme.example/</link>
                <atom:link href="https://acme.example/feed" rel="self"/>
                <item><title>Launch day</title><link>https://acme.example/launch</link></item>
                <item>
                  <title><![CDATA[Pricing & plans]]></title>
                  <atom:link href="https://acme.example/self" rel="self"/>
                  <link> https://acme.example/pricing </link>
                </item>
                <item><title>Only a guid</title><guid>https://acme.example/guid</guid></item>
                <item><title>Opaque guid</title><guid isPermaLink="false">tag:1234</guid></item>
                <item><description>&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;</description><link>https://acme.example/d</link></item>
                <item><description></description></item>
              </channel>
            </rss>
            """
        let result = try feed(xml)
        #expect(result.title == "Acme Blog")
        #expect(result.lines == [
            "Acme Blog",
            "Launch day — https://acme.example/launch",
            "Pricing & plans — https://acme.example/pricing",
            "Only a guid — https://acme.example/guid",
            "Opaque guid",
            "Hello world — https://acme.example/d",
        ])
        #expect(!result.truncated)
    }

    @Test("Atom 1.0: alternate links, html titles")
    func atom() throws {
        let xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title type="text">Acme Changelog</title>
              <link href="https://acme.example/" rel="alternate"/>
              <entry>
                <title>v2.0 released</title>
                <link rel="self" href="https://acme.example/api/1"/>
                <link rel="alternate" href="https://acme.example/v2"/>
              </entry>
              <entry>
                <title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; title</title>
                <link href="https://acme.example/bold"/>
              </entry>
              <entry><title>No link</title></entry>
              <entry><summary>Just a summary</summary><link rel="related" href="https://acme.example/r"/></entry>
            </feed>
            """
        let result = try feed(xml)
        #expect(result.title == "Acme Changelog")
        #expect(result.lines == [
            "Acme Changelog",
            "v2.0 released — https://acme.example/v2",
            "Bold & title — https://acme.example/bold",
            "No link",
            "Just a summary — https://acme.example/r",
        ])
    }

    @Test("RSS 1.0 (RDF) feeds")
    func rdf() throws {
        let xml = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
              <channel rdf:about="https://acme.example/"><title>Acme RDF</title></channel>
              <item rdf:about="https://acme.example/1"><title>One</title><link>https://acme.example/1</link></item>
            </rdf:RDF>
            """
        #expect(try feed(xml).lines == ["Acme RDF", "One — https://acme.example/1"])
    }

    @Test("feed encodings declared in the XML prolog are honoured")
    func latin1Feed() throws {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf".utf8) + [0xE9]
            + Array("</title></channel></rss>".utf8)
        #expect(try FeedText().normalize(xml: bytes).lines == ["Café"])
    }

    @Test("malformed or non-feed XML is a typed error", arguments: [
        "", "   ", "<rss><channel><title>x</channel></rss>", "not xml at all", "<html><body><p>x</p></body></html>",
        "<rss version=\"2.0\"></rss>", "<rss><channel><title>&nbsp;</title></channel></rss>", "<?xml version=\"1.0\"?>",
    ])
    func malformed(xml: String) {
        let error = #expect(throws: HTMLError.self) { try feed(xml) }
        #expect(error?.code == .invalidFeed)
    }

    @Test("the root element is named when it is not a feed")
    func notAFeed() {
        let error = #expect(throws: HTMLError.self) { try feed("<html><body/></html>") }
        #expect(error?.message == "not an RSS or Atom feed (root element <html>)")
    }

    @Test("an external entity (XXE) is never loaded")
    func xxe() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>T&xxe;</title>
            <item><title>Item &xxe;</title><link>https://a.example/&xxe;</link></item></channel></rss>
            """
        let result = try feed(xml)
        #expect(!result.text.contains("root:"))
        #expect(result.lines == ["T", "Item — https://a.example/"])
    }

    @Test("an external parameter entity is never loaded")
    func parameterEntityXXE() {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>
            <rss><channel><title>T</title></channel></rss>
            """
        if let result = try? feed(xml) {
            #expect(!result.text.contains("root:"))
        }
    }

    @Test("a billion-laughs entity bomb does not blow up")
    func billionLaughs() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let inner = level == 1 ? "lol" : "lol\(level - 1)"
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(inner);", count: 10) + "\">\n"
        }
        xml += "]>\n<rss><channel><title>&lol9;</title><item><title>a &lol9;</title></item></channel></rss>"
        do {
            let result = try feed(xml)
            #expect(result.text.utf8.count < 1000)
        } catch {
            #expect(error.code == .invalidFeed)
        }
    }

    @Test("a quadratic-blowup entity is not expanded")
    func quadraticBlowup() {
        let big = String(repeating: "a", count: 50_000)
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"\(big)\">]><rss><channel><title>"
            + String(repeating: "&a;", count: 50_000) + "</title></channel></rss>"
        do {
            let result = try feed(xml)
            #expect(result.text.utf8.count < 1000)
        } catch {
            #expect(error.code == .invalidFeed)
        }
    }

    @Test("deeply nested XML is refused, not a crash")
    func deepXML() {
        let xml = "<rss><channel>" + String(repeating: "<x>", count: 100_000) + String(repeating: "</x>", count: 100_000)
            + "</channel></rss>"
        let error = #expect(throws: HTMLError.self) { try feed(xml) }
        #expect(error?.code == .invalidFeed)
    }

    @Test("size limits apply to feeds")
    func limits() throws {
        var limits = HTMLNormalizer.Limits.default
        limits.maxInputBytes = 10
        let error = #expect(throws: HTMLError.self) { try feed("<rss><channel/></rss>", limits: limits) }
        #expect(error?.code == .tooLarge)

        limits = .default
        limits.maxOutputBytes = 40
        let items = (0..<50).map { "<item><title>Item \($0)</title></item>" }.joined()
        let result = try feed("<rss><channel><title>F</title>\(items)</channel></rss>", limits: limits)
        #expect(result.truncated)
        #expect(result.text.utf8.count <= 40)
        #expect(result.lines.prefix(2) == ["F", "Item 0"])
    }

    @Test("the same feed gives the same lines")
    func stability() throws {
        let xml = "<rss><channel><title>F</title><item><title>A</title><link>https://x.example/a</link></item></channel></rss>"
        #expect(try feed(xml) == feed(xml))
    }

    @Test("blank lines before the XML declaration are tolerated")
    func leadingWhitespace() throws {
        let xml = "\n\n  <?xml version=\"1.0\"?><rss><channel><title>F</title></channel></rss>"
        #expect(try feed(xml).lines == ["F"])
    }
}
