import SpyglassHTML
import Testing

@Suite("Selector classification and XPath selectors")
struct PageSelectorTests {
    @Test("/, ( and ./ start XPath; anything else is CSS", arguments: [
        ("//div", true), ("/html/body", true), ("(//p)[1]", true), ("./p", true), ("  //p", true),
        ("div", false), (".price", false), ("#a", false), ("*", false), ("[href]", false), ("p:first-child", false),
    ])
    func classification(selector: String, isXPath: Bool) {
        let parsed = PageSelector(parsing: selector)
        #expect(parsed == (isXPath ? .xpath(selector) : .css(selector)))
    }

    @Test("CSS selectors are translated, XPath selectors pass through")
    func xpathOfSelector() throws {
        #expect(try PageSelector(parsing: "div > p").xpath() == "//div/p")
        #expect(try PageSelector(parsing: "//div[@id='x']/p").xpath() == "//div[@id='x']/p")
    }

    @Test("XPath syntax errors carry libxml2's position", arguments: [
        ("//p[", 4), ("//p[@x='a]", 10), ("//p[@x=1]]", 9),
    ])
    func xpathSyntaxError(expression: String, position: Int) {
        let error = #expect(throws: SelectorError.self) { try PageSelector(parsing: expression).xpath() }
        #expect(error?.position == position)
        #expect(error?.message.contains("XPath") == true)
    }

    @Test("XPath selectors select nodes, attributes and computed values")
    func xpathSelection() throws {
        let html = """
            <html><head><title>T</title><meta name="description" content="About  us">
            <script type="application/ld+json">{"price": 10}</script></head>
            <body><ul><li>a</li><li>b</li><li>c</li></ul><p id="x">Hello <b>there</b></p></body></html>
            """
        #expect(try lines(html, selector: "//li") == ["a", "b", "c"])
        #expect(try lines(html, selector: "(//li)[2]") == ["b"])
        #expect(try lines(html, selector: "//p[@id='x']/b") == ["there"])
        #expect(try lines(html, selector: "//p/text()") == ["Hello"])
        #expect(try lines(html, selector: "(count(//li))") == ["3"])
        // An explicit selection wins over the rules that drop head and script content.
        #expect(try lines(html, selector: "//meta[@name='description']/@content") == ["About us"])
        #expect(try lines(html, selector: "//script[@type='application/ld+json']") == [#"{"price": 10}"#])
        #expect(try lines(html, selector: "//title") == ["T"])
    }

    @Test("a selector that matches nothing is a typed error")
    func matchedNothing() {
        for selector in ["//nope", ".nope", "(//p)[5]", "(string(//nope))"] {
            let error = #expect(throws: HTMLError.self) { try lines("<p>x</p>", selector: selector) }
            #expect(error?.code == .selectorMatchedNothing)
            #expect(error?.message.hasPrefix("selector matched nothing") == true)
        }
    }

    @Test("invalid selectors are typed errors naming the position")
    func invalidSelector() {
        for selector in ["div >", "//p[", "//p[unknown-function()]", "//p[$var]"] {
            let error = #expect(throws: HTMLError.self) { try lines("<p>x</p>", selector: selector) }
            #expect(error?.code == .invalidSelector)
            #expect(error?.message.contains("position") == true, "\(error?.message ?? "")")
        }
    }

    @Test("an XPath that would cost too much is stopped by the operation limit")
    func operationLimit() {
        let html = "<div>" + String(repeating: "<p><span>x</span></p>", count: 2000) + "</div>"
        var limits = HTMLNormalizer.Limits.default
        limits.maxXPathOperations = 1000
        let error = #expect(throws: HTMLError.self) { try normalized(html, selector: "//*//*//*", limits: limits) }
        #expect(error?.code == .invalidSelector)
        #expect(error?.message.contains("operations") == true, "\(error?.message ?? "")")
    }

    @Test("nested matches are read once, from the outermost match")
    func nestedMatches() throws {
        #expect(try lines("<div>a<div>b</div></div><div>c</div>", selector: "div") == ["a", "b", "c"])
    }

    @Test("each selected element starts its own line, even inline ones")
    func inlineSelectionsAreLines() throws {
        #expect(try lines("<p><span class=p>1</span> and <span class=p>2</span></p>", selector: ".p") == ["1", "2"])
    }

    @Test("hidden content inside a selected element is dropped; the element itself is kept")
    func hiddenInsideSelection() throws {
        let html = "<div id=a>shown<span hidden>no</span></div><div hidden><b class=v>explicit</b></div>"
        #expect(try lines(html, selector: "#a") == ["shown"])
        #expect(try lines(html, selector: ".v") == ["explicit"])
    }
}
