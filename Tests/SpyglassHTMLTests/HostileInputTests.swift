import SpyglassHTML
import Testing

@Suite("Hostile and degenerate HTML")
struct HostileInputTests {
    @Test("100,000 nested divs do not crash, with or without a selector")
    func deepNesting() throws {
        let html = "<p>before</p>" + String(repeating: "<div>", count: 100_000) + "deep"
            + String(repeating: "</div>", count: 100_000)
        let result = try normalized(html)
        #expect(result.lines.first == "before")
        _ = try? normalized(html, selector: "div")
        _ = try? normalized(html, selector: "//div[not(div)]")
    }

    @Test("100,000 nested inline elements do not crash")
    func deepInlineNesting() throws {
        let html = "<p>start</p>" + String(repeating: "<b><i>", count: 50_000) + "x"
        #expect(try normalized(html).lines.first == "start")
    }

    @Test("content below maxDepth is left out and flagged, not walked recursively")
    func depthLimit() throws {
        var limits = HTMLNormalizer.Limits.default
        limits.maxDepth = 10
        let html = "<p>top</p>" + String(repeating: "<div>", count: 50) + "bottom" + String(repeating: "</div>", count: 50)
            + "<p>after</p>"
        let result = try normalized(html, limits: limits)
        #expect(result.lines == ["top", "after"])
        #expect(result.truncated)
        let unlimited = try normalized(html)
        #expect(unlimited.lines == ["top", "bottom", "after"])
        #expect(!unlimited.truncated)
    }

    @Test("a 5 MB attribute is handled", arguments: ["title", "style", "class", "data-x"])
    func hugeAttribute(name: String) throws {
        let value = String(repeating: "a", count: 5 * 1024 * 1024)
        let html = "<p \(name)=\"\(value)\">after attr</p><p>next</p>"
        #expect(try lines(html) == ["after attr", "next"])
        #expect(try lines(html, selector: "p:last-child") == ["next"])
    }

    @Test("NUL bytes never reach the output")
    func nulBytes() throws {
        let bytes = Array("<p>a".utf8) + [0] + Array("b</p>".utf8) + [0, 0] + Array("<p>c</p><p \0x=1>d</p>".utf8)
        let result = try HTMLNormalizer().normalize(html: bytes)
        #expect(!result.text.unicodeScalars.contains("\0"))
        #expect(result.lines.contains("c"))
    }

    @Test("invalid UTF-8 and random bytes give a result, deterministically")
    func garbage() throws {
        var random = SplitMix64(state: 42)
        for size in [1, 7, 100, 4096, 200_000] {
            let bytes = random.bytes(size)
            let first = try HTMLNormalizer().normalize(html: bytes)
            let second = try HTMLNormalizer().normalize(html: bytes)
            #expect(first == second)
            #expect(first.text.utf8.count <= HTMLNormalizer.Limits.default.maxOutputBytes)
        }
        let invalid: [UInt8] = [0xFF, 0xFE, 0xFD, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80]
        _ = try HTMLNormalizer().normalize(html: Array("<p>".utf8) + invalid + Array("</p>".utf8), charset: "utf-8")
    }

    @Test("random markup-like soup does not crash")
    func markupSoup() throws {
        var random = SplitMix64(state: 7)
        let pieces = ["<div>", "</div>", "<p", ">", "<", "</", "&", "&amp", "&#", "&#x110000;", "<!--", "-->", "\"", "'",
                      "<script>", "</script>", "<table>", "<td>", "<tr>", "<br/>", "text", " ", "\n", "<![CDATA[", "]]>",
                      "<?xml ?>", "<!DOCTYPE html>", "<svg>", "<math>", "<template>", "hidden", "=", "<a href=x>"]
        for _ in 0..<50 {
            var html = ""
            for _ in 0..<500 { html += pieces[Int(random.next() % UInt64(pieces.count))] }
            _ = try normalized(html)
            _ = try? normalized(html, selector: "div p, td")
        }
    }

    @Test("an empty or blank document gives empty text; with a selector it matched nothing")
    func emptyDocument() throws {
        for html in ["", "   \n\t", "<!-- only a comment -->", "<html></html>", "<html><head><title></title></head></html>"] {
            let result = try normalized(html)
            #expect(result.lines.isEmpty)
            #expect(result.text == "")
            let error = #expect(throws: HTMLError.self) { try normalized(html, selector: "p") }
            #expect(error?.code == .selectorMatchedNothing)
        }
    }

    @Test("input over maxInputBytes is refused")
    func tooLarge() {
        var limits = HTMLNormalizer.Limits.default
        limits.maxInputBytes = 100
        let error = #expect(throws: HTMLError.self) { try normalized(String(repeating: "a", count: 101), limits: limits) }
        #expect(error?.code == .tooLarge)
        #expect((try? normalized(String(repeating: "a", count: 100), limits: limits)) != nil)

        let justOver = [UInt8](repeating: UInt8(ascii: "a"), count: HTMLNormalizer.Limits.default.maxInputBytes + 1)
        #expect(throws: HTMLError.self) { try HTMLNormalizer().normalize(html: justOver) }
    }

    @Test("output beyond maxOutputBytes is cut off and flagged")
    func outputLimit() throws {
        var limits = HTMLNormalizer.Limits.default
        limits.maxOutputBytes = 50
        let html = (0..<100).map { "<p>paragraph number \($0)</p>" }.joined()
        let result = try normalized(html, limits: limits)
        #expect(result.truncated)
        #expect(result.text.utf8.count <= 50)
        #expect(result.lines.first == "paragraph number 0")
    }

    @Test("a 5 MB word is cut at the default output limit")
    func hugeTextNode() throws {
        let html = "<p>" + String(repeating: "x", count: 5 * 1024 * 1024) + "</p>"
        let result = try normalized(html)
        #expect(result.truncated)
        #expect(result.text.utf8.count <= HTMLNormalizer.Limits.default.maxOutputBytes)
    }

    @Test("hostile selectors are refused, not evaluated")
    func hostileSelectors() {
        let html = "<p>x</p>"
        for selector in [String(repeating: "div ", count: 2000), "//" + String(repeating: "a/", count: 3000) + "a",
                         "//p[\0]", "p\0"] {
            let error = #expect(throws: HTMLError.self) { try lines(html, selector: selector) }
            #expect(error?.code == .invalidSelector)
        }
    }

    @Test("many sibling matches stay cheap")
    func manyMatches() throws {
        let html = String(repeating: "<li>item</li>", count: 20_000)
        #expect(try lines(html, selector: "li").count == 20_000)
    }
}

@Suite("Advertising slots")
struct AdBlockTests {
    @Test("ad slots are not visible text; look-alike class names are", arguments: [
        ("<p>Post</p><div class='ad-slot ad-slot--sidebar'><p>Sponsored</p><b>Buy CI minutes</b></div>", ["Post"]),
        ("<p>Post</p><aside data-ad-unit='/123/x'>Ship faster</aside>", ["Post"]),
        ("<p>Post</p><ins class='adsbygoogle'>ad</ins>", ["Post"]),
        ("<p>Post</p><div id='sponsored'>Promo</div>", ["Post"]),
        ("<p class='address'>1 Main St</p><button class='add-to-cart'>Add</button><div class='admin'>x</div>",
         ["1 Main St", "Add", "x"]),
    ])
    func adSlots(html: String, expected: [String]) throws {
        #expect(try lines(html) == expected)
    }
}

@Suite("Exclude selectors")
struct ExcludeSelectorTests {
    @Test("excluded parts are left out; a selector that matches nothing is fine; a bad one is an error")
    func exclude() throws {
        let html = "<main><h1>Pricing</h1><div class='carousel'><p>Quote A</p></div><p id='updated'>Updated today</p><p>Pro $49</p></main>"
        let text = try HTMLNormalizer().normalize(html: Array(html.utf8), excluding: [".carousel", "//p[@id='updated']", ".nothing"])
        #expect(text.lines == ["Pricing", "Pro $49"])
        #expect(throws: HTMLError.self) { try HTMLNormalizer().normalize(html: Array(html.utf8), excluding: ["div[[["]) }
    }
}
