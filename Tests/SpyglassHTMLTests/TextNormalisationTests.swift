import SpyglassHTML
import Testing

@Suite("Visible text normalisation")
struct TextNormalisationTests {
    static let golden: [(String, String, [String])] = [
        ("paragraphs and inline", "<p>Hello <b>big</b>  <i>world</i></p><p>Second   para</p>",
         ["Hello big world", "Second para"]),
        ("adjacent inline elements join without a space", "<p><b>foo</b><i>bar</i>baz</p>", ["foobarbaz"]),
        ("nested inline", "<p>a <span>b <em>c <strong>d</strong></em></span> e</p>", ["a b c d e"]),
        ("lists", "<ul><li>One</li><li>Two <a href='#'>link</a></li></ul><ol><li>First</li></ol>",
         ["One", "Two link", "First"]),
        ("nested lists", "<ul><li>A<ul><li>A1</li></ul></li><li>B</li></ul>", ["A", "A1", "B"]),
        ("table rows and cells",
         "<table><tr><th>Plan</th><th>Price</th></tr><tr><td>Basic</td><td>$10</td></tr><tr><td>Pro</td><td></td><td>$20</td></tr></table>",
         ["Plan | Price", "Basic | $10", "Pro | $20"]),
        ("table with sections and caption",
         "<table><caption>Prices</caption><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
         ["Prices", "A", "1"]),
        ("blocks inside a cell stay on the row", "<table><tr><td><p>x</p><p>y</p></td><td>z<br>w</td></tr></table>",
         ["x y | z w"]),
        ("br", "<p>line1<br>line2<br/><br>line3</p>", ["line1", "line2", "line3"]),
        ("image alt text is read, images without alt are not",
         "<div class='logos'><img src='a.png' alt='Northwind'> <img src='b.png'> <img alt='Globex logo'></div>",
         ["Northwind Globex logo"]),
        ("nbsp and entities", "<p>a&nbsp;&nbsp;b &amp; c &lt;d&gt; &#8364;5 &eacute; &#x41;</p>",
         ["a b & c <d> €5 é A"]),
        ("unicode spaces collapse", "<p>a\u{2003}\u{2003}b\u{3000}c\u{A0}</p>", ["a b c"]),
        ("newlines and tabs inside text", "<p>\n  a\n\tb  </p>", ["a b"]),
        ("hidden elements",
         """
         <p>shown</p><p hidden>h1</p><div aria-hidden="true">h2</div><div aria-hidden="false">shown2</div>
         <div style="color:red; display : NONE">h3</div><div style="display:block">shown3</div>
         <div style="--display:none">shown4</div><dialog>closed</dialog><dialog open>open dialog</dialog>
         """,
         ["shown", "shown2", "shown3", "shown4", "open dialog"]),
        ("dropped elements",
         """
         <html><head><title>T</title><meta name=x content=y><style>.a{color:red}</style><script>var h=1</script></head>
         <body><script>var x = "<p>no</p>"</script><noscript>enable js</noscript><template><p>tpl</p></template>
         <svg><text>svg text</text><title>svg title</title></svg><iframe>frame</iframe><p>kept</p><style>p{}</style></body></html>
         """,
         ["kept"]),
        ("comments", "<p>a<!-- secret -->b</p><!-- <p>c</p> -->", ["ab"]),
        ("sectioning elements",
         "<header><nav><a>Home</a> <a>About</a></nav></header><main><article><h2>Title</h2><p>Body</p></article><aside>Side</aside></main><footer>© 2024</footer>",
         ["Home About", "Title", "Body", "Side", "© 2024"]),
        ("headings", "<h1>One</h1><h2>Two</h2><h3>Three</h3><h4>4</h4><h5>5</h5><h6>6</h6>",
         ["One", "Two", "Three", "4", "5", "6"]),
        ("pre keeps its lines", "<pre>line 1\n   line   2\n\nline 3</pre>after", ["line 1", "line 2", "line 3", "after"]),
        ("definition lists", "<dl><dt>Term</dt><dd>Def</dd></dl>", ["Term", "Def"]),
        ("blockquote, figure, address, form",
         "<blockquote>q</blockquote><figure><img src=x><figcaption>cap</figcaption></figure><address>addr</address><form><label>L</label> <button>B</button></form>",
         ["q", "cap", "addr", "L B"]),
        ("hr separates", "a<hr>b", ["a", "b"]),
        ("text directly in body and divs", "top<div>in div</div>tail", ["top", "in div", "tail"]),
        ("empty blocks leave no lines", "<div><p> </p><div>\n</div></div><p>x</p>", ["x"]),
        ("control characters are not text", "<p>a\u{1}b\u{7F}c\u{9C}d</p>", ["abcd"]),
        ("unclosed tags", "<p>one<p>two<li>three<div>four", ["one", "two", "three", "four"]),
    ]

    @Test("golden cases", arguments: golden)
    func goldenCase(name: String, html: String, expected: [String]) throws {
        let result = try normalized(html)
        #expect(result.lines == expected, "\(name)")
        #expect(result.text == expected.joined(separator: "\n"))
        #expect(result.truncated == false)
    }

    @Test("the title is extracted and whitespace-collapsed")
    func title() throws {
        let result = try normalized("<html><head><title>\n  Acme &amp;   Co \n</title></head><body><p>x</p></body></html>")
        #expect(result.title == "Acme & Co")
        #expect(result.lines == ["x"])
    }

    @Test("no title gives nil; an SVG title is not the page title")
    func missingTitle() throws {
        #expect(try normalized("<p>x</p>").title == nil)
        #expect(try normalized("<title> </title><p>x</p>").title == nil)
        #expect(try normalized("<body><svg><title>icon</title></svg><p>x</p></body>").title == nil)
    }

    @Test("same input gives the same output, byte for byte")
    func stability() throws {
        let html = """
            <html><head><title>Pricing</title></head><body>
            <nav>Home | Pricing</nav><h1>Plans</h1>
            <table><tr><td>Basic</td><td>$10&nbsp;/mo</td></tr><tr><td>Pro</td><td>$20</td></tr></table>
            <ul><li>Feature <b>A</b></li><li>Feature B</li></ul><script>Math.random()</script>
            </body></html>
            """
        let first = try normalized(html)
        for _ in 0..<5 {
            let again = try normalized(html)
            #expect(again == first)
            #expect(Array(again.text.utf8) == Array(first.text.utf8))
        }
        #expect(first.lines == ["Home | Pricing", "Plans", "Basic | $10 /mo", "Pro | $20", "Feature A", "Feature B"])
    }

    @Test("formatting-only differences give the same text")
    func formattingInsensitive() throws {
        let compact = try normalized("<div><p>Price: <b>$10</b></p></div>")
        let spaced = try normalized("<div>\n    <p>\n      Price:\n      <b>$10</b>\n    </p>\n</div>\n")
        #expect(compact == spaced)
    }

    @Test("normalisation is safe to run concurrently")
    func concurrent() async throws {
        let pages = (0..<16).map { "<title>Page \($0)</title><p>Item \($0)</p><ul><li>a\($0)</li></ul>" }
        let expected = try pages.map { try normalized($0) }
        let results = try await withThrowingTaskGroup(of: (Int, NormalizedText).self) { group in
            for (index, page) in pages.enumerated() {
                group.addTask { (index, try normalized(page, selector: index.isMultiple(of: 2) ? "p, li" : nil)) }
            }
            var collected: [Int: NormalizedText] = [:]
            for try await (index, result) in group { collected[index] = result }
            return collected
        }
        for (index, result) in results {
            #expect(result.lines == expected[index].lines)
            #expect(result.title == "Page \(index)")
        }
    }
}
