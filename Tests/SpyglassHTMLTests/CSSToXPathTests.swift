import SpyglassHTML
import Testing

@Suite("CSS to XPath translation")
struct CSSToXPathTests {
    static let classA = "contains(concat(' ', normalize-space(@class), ' '), ' a ')"
    static let classB = "contains(concat(' ', normalize-space(@class), ' '), ' b ')"

    static let table: [(String, String)] = [
        ("div", "//div"),
        ("DIV", "//div"),
        (" div ", "//div"),
        ("*", "//*"),
        (".a", "//*[\(classA)]"),
        ("#main", "//*[@id='main']"),
        ("[href]", "//*[@href]"),
        ("[HREF]", "//*[@href]"),
        ("[data-x=y]", "//*[@data-x='y']"),
        ("[a='b c']", "//*[@a='b c']"),
        ("[a=\"b\"]", "//*[@a='b']"),
        ("[ a = b ]", "//*[@a='b']"),
        ("[a~=b]", "//*[contains(concat(' ', normalize-space(@a), ' '), ' b ')]"),
        ("[a^=b]", "//*[starts-with(@a, 'b')]"),
        ("[a$=b]", "//*[substring(@a, string-length(@a))='b']"),
        ("[a$=bcd]", "//*[substring(@a, string-length(@a) - 2)='bcd']"),
        ("[a*=b]", "//*[contains(@a, 'b')]"),
        ("[lang|=en]", "//*[(@lang='en' or starts-with(@lang, 'en-'))]"),
        ("[a=B i]", "//*[translate(@a, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')='b']"),
        ("[a^='']", "//*[false()]"),
        ("[a~='x y']", "//*[false()]"),
        ("div.a.b#c[x]", "//div[\(classA)][\(classB)][@id='c'][@x]"),
        ("div p", "//div//p"),
        ("div   p", "//div//p"),
        ("div > p", "//div/p"),
        ("div>p", "//div/p"),
        ("ul > li a", "//ul/li//a"),
        ("h1 + p", "//h1/following-sibling::*[1][self::p]"),
        ("h1+.a", "//h1/following-sibling::*[1][\(classA)]"),
        ("h1 ~ p", "//h1/following-sibling::p"),
        ("a, b", "//a | //b"),
        ("a,b , .a", "//a | //b | //*[\(classA)]"),
        ("li:first-child", "//li[not(preceding-sibling::*)]"),
        ("li:last-child", "//li[not(following-sibling::*)]"),
        ("li:only-child", "//li[not(preceding-sibling::*) and not(following-sibling::*)]"),
        ("li:nth-child(3)", "//li[count(preceding-sibling::*) = 2]"),
        ("li:nth-child(odd)", "//li[(count(preceding-sibling::*) + 1 - 1) mod 2 = 0]"),
        ("li:nth-child(even)", "//li[(count(preceding-sibling::*) + 1) mod 2 = 0]"),
        ("li:nth-child(3n+2)", "//li[count(preceding-sibling::*) + 1 >= 2 and (count(preceding-sibling::*) + 1 - 2) mod 3 = 0]"),
        ("li:nth-child(n+4)", "//li[count(preceding-sibling::*) + 1 >= 4]"),
        ("li:nth-child(-n+3)", "//li[count(preceding-sibling::*) + 1 <= 3]"),
        ("li:nth-last-child(2)", "//li[count(following-sibling::*) = 1]"),
        ("p:first-of-type", "//p[not(preceding-sibling::p)]"),
        ("p:last-of-type", "//p[not(following-sibling::p)]"),
        ("p:nth-of-type(2)", "//p[count(preceding-sibling::p) = 1]"),
        ("p:not(.a)", "//p[not(\(classA))]"),
        ("p:not(.a, #b)", "//p[not(\(classA) or @id='b')]"),
        ("p:not(span.a)", "//p[not(self::span and \(classA))]"),
        ("[\\@click]", "//*[@*[name()='@click']]"),
        ("#a\\:b", "//*[@id='a:b']"),
        ("#\\31 23", "//*[@id='123']"),
    ]

    @Test("translates each construct to the exact XPath", arguments: table)
    func translation(css: String, xpath: String) throws {
        #expect(try CSSToXPath.translate(css) == xpath)
    }

    @Test("a value with a single quote is delimited by double quotes")
    func singleQuoteValue() throws {
        #expect(try CSSToXPath.translate("[title=\"it's\"]") == "//*[@title=\"it's\"]")
    }

    @Test("a value with both quote kinds is built with concat()")
    func bothQuotesValue() throws {
        #expect(try CSSToXPath.translate(#"[title="it's \"x\""]"#)
            == #"//*[@title=concat('it', "'", 's "x"')]"#)
        #expect(try CSSToXPath.translate(#"[a="'\""]"#) == #"//*[@a=concat("'", '"')]"#)
        #expect(try CSSToXPath.translate(#".x\'y\""#)
            == #"//*[contains(concat(' ', normalize-space(@class), ' '), concat(' x', "'", 'y" '))]"#)
    }

    @Test("an XPath injection attempt stays inside the literal")
    func injection() throws {
        let css = #"[title="x'] | //script | //*[@a='"]"#
        let xpath = try CSSToXPath.translate(css)
        #expect(xpath == #"//*[@title="x'] | //script | //*[@a='"]"#)
        let html = "<p title='safe'>visible</p><script>secret()</script>"
        let error = #expect(throws: HTMLError.self) { try lines(html, selector: css) }
        #expect(error?.code == .selectorMatchedNothing)
    }

    static let errors: [(String, Int, String)] = [
        ("", 0, "empty selector"),
        ("   ", 3, "empty selector"),
        ("div >", 5, "expected a selector at the end"),
        ("> p", 0, "expected a selector, found '>'"),
        ("a,,b", 2, "expected a selector, found ','"),
        ("a,", 2, "expected a selector at the end"),
        ("div$", 3, "unexpected '$'"),
        ("div)", 3, "unexpected ')'"),
        ("[href", 0, "unclosed '[' opened"),
        ("[=x]", 1, "expected an attribute name"),
        ("[a=]", 2, "expected a value"),
        ("[a!=b]", 2, "expected ']' or an attribute operator"),
        ("[a='x]", 3, "unterminated string starting"),
        ("[a=b c]", 5, "expected ']'"),
        ("a::before", 1, "pseudo-elements"),
        ("a:hover", 1, "unsupported pseudo-class ':hover'"),
        ("a:has(b)", 1, "unsupported pseudo-class ':has()'"),
        ("*:first-of-type", 1, "needs an element type"),
        (":nth-of-type(2)", 0, "needs an element type"),
        ("li:nth-child(x)", 13, "invalid an+b argument 'x'"),
        ("li:nth-child(2n1)", 13, "invalid an+b argument"),
        ("li:nth-child(99999999999)", 13, "invalid an+b argument"),
        ("li:nth-child(2", 12, "unclosed '(' opened"),
        ("p:not(a b)", 8, "':not()' accepts only compound selectors"),
        ("p:not(a", 5, "unclosed '(' opened"),
        ("ns|a", 2, "namespace prefixes are not supported"),
        (".", 1, "expected a class name after '.'"),
        ("#", 1, "expected an id after '#'"),
        ("a\u{0}b", 1, "NUL character"),
        ("a\\", 1, "incomplete escape"),
    ]

    @Test("invalid selectors name the problem and its position", arguments: errors)
    func invalid(css: String, position: Int, problem: String) {
        let error = #expect(throws: SelectorError.self) { try CSSToXPath.translate(css) }
        #expect(error?.position == position)
        #expect(error?.message.contains(problem) == true, "\(error?.message ?? "no error")")
        #expect(error?.message.hasSuffix("at position \(position)") == true)
    }

    @Test("overlong selectors and deeply nested :not() are refused")
    func bounds() {
        let long = "#" + String(repeating: "a", count: 5000)
        #expect(throws: SelectorError.self) { try CSSToXPath.translate(long) }
        let nested = "p" + String(repeating: ":not(p", count: 20) + String(repeating: ")", count: 20)
        let error = #expect(throws: SelectorError.self) { try CSSToXPath.translate(nested) }
        #expect(error?.message.contains("nested") == true)
    }
}

@Suite("CSS selectors evaluated against a page")
struct CSSEvaluationTests {
    static let page = """
        <html><head><title>Sample</title></head><body>
        <div id="main" class="content wide">
          <h1 class="title">Plans</h1>
          <p class="lead intro">Lead</p>
          <p>Second</p>
          <ul><li>One</li><li class="x">Two</li><li>Three</li></ul>
          <a href="https://a.example/x.pdf" data-kind="doc">PDF</a>
          <a href="/rel" lang="en-US">Rel</a>
          <span title="it's &quot;quoted&quot;">Quoted</span>
        </div>
        <div class="content"><p>Other</p></div>
        </body></html>
        """

    static let cases: [(String, [String])] = [
        ("h1", ["Plans"]),
        (".lead", ["Lead"]),
        (".intro.lead", ["Lead"]),
        ("p.lead", ["Lead"]),
        ("#main > p", ["Lead", "Second"]),
        ("div p", ["Lead", "Second", "Other"]),
        ("h1 + p", ["Lead"]),
        ("h1 ~ p", ["Lead", "Second"]),
        ("li:first-child", ["One"]),
        ("li:last-child", ["Three"]),
        ("li:nth-child(2)", ["Two"]),
        ("li:nth-child(odd)", ["One", "Three"]),
        ("li:nth-child(-n+2)", ["One", "Two"]),
        ("li:not(.x)", ["One", "Three"]),
        ("a[href$='.pdf']", ["PDF"]),
        ("a[href^='/']", ["Rel"]),
        ("a[href*=example]", ["PDF"]),
        ("[lang|=en]", ["Rel"]),
        ("[data-kind]", ["PDF"]),
        ("[data-kind=DOC i]", ["PDF"]),
        (#"span[title="it's \"quoted\""]"#, ["Quoted"]),
        ("h1, .x", ["Plans", "Two"]),
        (".x, h1", ["Plans", "Two"]),
        ("div.content.wide > h1", ["Plans"]),
        ("p:first-of-type", ["Lead", "Other"]),
        ("ul li", ["One", "Two", "Three"]),
        ("ul", ["One", "Two", "Three"]),
    ]

    @Test("selects the right nodes", arguments: cases)
    func selects(css: String, expected: [String]) throws {
        #expect(try lines(Self.page, selector: css) == expected)
    }

    @Test("class selectors match whole tokens only")
    func tokenMatch() {
        let error = #expect(throws: HTMLError.self) { try lines(Self.page, selector: ".lea") }
        #expect(error?.code == .selectorMatchedNothing)
    }
}
