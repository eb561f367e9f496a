import Foundation
import HTTPTypes
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
@testable import SpyglassWeb
import Testing

/// A competitor's page is hostile input: whatever it contains is shown as text.
@Suite("Hostile content")
struct HostileContentTests {
    static let script = "<script>alert('xss')</script>"
    static let image = #"<img src=x onerror="alert(1)">"#
    static let link = #"<a href="javascript:alert(2)">click</a>"#

    /// No element or attribute from the hostile strings reached the HTML.
    static func expectInert(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.contains("<script>alert"), sourceLocation: sourceLocation)
        #expect(!html.contains("<img src=x"), sourceLocation: sourceLocation)
        #expect(!html.contains(#"onerror="alert"#), sourceLocation: sourceLocation)
        #expect(!html.contains(#"href="javascript:"#), sourceLocation: sourceLocation)
        #expect(!html.lowercased().contains("href=\"javascript"), sourceLocation: sourceLocation)
        #expect(!html.contains("<a href=\"javascript"), sourceLocation: sourceLocation)
        // Every inline script would be refused by the CSP anyway; there is none.
        #expect(!html.contains("<script>"), sourceLocation: sourceLocation)
        #expect(!html.contains(" style="), sourceLocation: sourceLocation)
    }

    @Test("script tags, onerror attributes and javascript: links in changes are shown escaped on every page")
    func everywhere() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, _, seed in
            let competitor = try await seed.competitor(Self.script, website: "javascript:alert(3)")
            let monitor = try await seed.monitor(competitor, url: "javascript:alert(4)//" + Self.image)
            let hostileDeltas = #"[{"kind":"<b>x</b>","summary":"\#(Self.script.replacingOccurrences(of: "'", with: "\\u0027"))","before":"<i>","after":"</td></tr>"}]"#
            let change = try await seed.change(
                monitor, before: "Price: $49\n" + Self.link, after: "Price: $59\n" + Self.image + "\n" + Self.script,
                summary: "Changed: " + Self.image, category: #""><script>"#, reasons: [Self.link],
                deltasJSON: hostileDeltas,
                suppressedJSON: #"[{"removed":["<svg onload=alert(5)>"],"added":["x"],"rule":"<u>","reason":"</li><script>"}]"#)

            let overview = try await browser.get("/")
            #expect(overview.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"))
            Self.expectInert(overview.html)

            let list = try await browser.get("/competitors")
            #expect(list.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"))
            #expect(list.contains("javascript:alert(3)"))
            Self.expectInert(list.html)

            let page = try await browser.get("/competitors/\(competitor.id)")
            Self.expectInert(page.html)
            #expect(page.contains("javascript:alert(4)//&lt;img"))

            let detail = try await browser.get("/changes/\(change.id)")
            #expect(detail.status == .ok)
            Self.expectInert(detail.html)
            #expect(detail.contains("&lt;a href=&quot;javascript:alert(2)&quot;&gt;click&lt;/a&gt;"))
            #expect(detail.contains("&lt;svg onload=alert(5)&gt;"))
            #expect(!detail.contains("<svg"))
            #expect(!detail.contains("</td></tr></td>"))
        }
    }

    @Test("a hostile competitor name in a form that fails validation comes back escaped")
    func formEcho() async throws {
        let harness = try await WebHarness()
        try await harness.run { browser in
            try await browser.setUpOwner()
            try await browser.get("/competitors")
            let page = try await browser.post("/competitors", [
                ("name", #""><script>alert(1)</script>"#), ("website", "javascript:alert(1)"),
            ])
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("must use http or https"))
            #expect(page.contains(#"value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#))
            Self.expectInert(page.html)
        }
    }
}
