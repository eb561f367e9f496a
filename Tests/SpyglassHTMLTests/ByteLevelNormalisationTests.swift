import SpyglassHTML
import Testing

/// The normaliser reads text as UTF-8 bytes (whole runs of ASCII at a time)
/// and finds the title without XPath on most pages; these pin the rules those
/// fast paths must keep.
@Suite("Byte-level normalisation")
struct ByteLevelNormalisationTests {
    @Test("each scalar below U+3100 is collapsed, dropped or kept as its Unicode properties say")
    func scalarClasses() throws {
        var html = "<p>"
        var expected: [String] = []
        // libxml2 drops the other C0 controls (not XML characters) before the text is read.
        for value in [0x09, 0x0A, 0x0D] + Array(UInt32(0x20)..<0x3100) {
            guard let scalar = Unicode.Scalar(value), scalar != "<", scalar != "&" else { continue }
            var text = "a"
            text.unicodeScalars.append(scalar)
            html += text + "b<br>"
            if scalar.properties.isWhitespace {
                expected.append("a b")
            } else if scalar.properties.generalCategory == .control || scalar == "\u{FEFF}" {
                expected.append("ab")
            } else {
                expected.append(text + "b")
            }
        }
        #expect(try lines(html + "</p>") == expected)
    }

    @Test("an output limit keeps a prefix of the text and never more bytes than allowed")
    func outputLimitKeepsAPrefix() throws {
        let html = """
            <p>Plan 12 — fast  secure\u{A0}cheap  e\u{301}x</p><table><tr><td>a b</td><td> c </td></tr></table>
            <pre>x  y\nz</pre><p>\(String(repeating: "word ", count: 30))end</p><p>日本語 text</p>
            """
        let full = try normalized(html).text
        for limit in 0...(full.utf8.count + 2) {
            let cut = try normalized(html, limits: HTMLNormalizer.Limits(maxOutputBytes: limit))
            #expect(cut.text.utf8.count <= limit, "limit \(limit)")
            #expect(Array(full.utf8).starts(with: cut.text.utf8), "limit \(limit)")
            #expect(cut.truncated == (limit < full.utf8.count), "limit \(limit)")
        }
    }

    @Test("the title is the first outside inline SVG, and needs XPath operations like any selector")
    func titleRules() throws {
        let html = "<svg><title>icon</title></svg><title>Plans</title><title>Later</title>"
            + String(repeating: "<p>x</p>", count: 2_000)
        #expect(try normalized(html).title == "Plans")
        #expect(try normalized(html, limits: HTMLNormalizer.Limits(maxXPathOperations: 100)).title == nil)
    }

    @Test("valid UTF-8 keeps its bytes; a BOM and NUL characters are removed")
    func validUTF8() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<p>caf\u{E9}\0 ok\0</p><p>\u{1F600}</p>".utf8)
        #expect(try HTMLNormalizer().normalize(html: bytes).lines == ["caf\u{E9} ok", "\u{1F600}"])
    }

    @Test("element names match whole and exact: longer names and other cases are inline")
    func elementNames() throws {
        #expect(try lines("<div>a<lix>b</lix><h7>c</h7><figcaptionx>d</figcaptionx><DIV>e</DIV>f</div>") == ["abcd", "e", "f"])
        #expect(try lines("<ul><li>one</li><li>two</li></ul><blockquote>q</blockquote><plaintext>p") == ["one", "two", "q", "p"])
    }
}
