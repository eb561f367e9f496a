@testable import NoiseFilter
import Testing

@Suite("Built-in rule: advertising and consent lines")
struct AdTrackingRuleTests {
    @Test("ad labels and consent banners come and go silently", arguments: [
        "Advertisement",
        "Sponsored",
        "Sponsored content ›",
        "We use cookies to improve your experience. By using this site you agree to our use of cookies.",
        "Accept all cookies",
        "Reject all",
        "This website uses cookies to analyse traffic.",
        "AdChoices",
    ])
    func adLinesAreNoise(line: String) {
        let filter = NoiseFilter()
        let result = filter.evaluate(previous: ["Pricing", "Pro $49"], current: ["Pricing", line, "Pro $49"], history: VersionHistory())
        #expect(result.outcome == .noiseOnly)
        #expect(result.suppressed == [SuppressedDifference(
            removed: [], added: [line], rule: "ad_tracking", reason: SuppressionRule.adTracking.reason
        )])
    }

    @Test("lines that merely mention ads or cookies are content", arguments: [
        "Advertising solutions for brands",
        "Cookies & cream flavour is back",
        "Sponsored by our friends at Globex, the new Enterprise tier launches today",
        "We use cookies. " + String(repeating: "This privacy policy explains in detail how data is processed. ", count: 8),
    ])
    func contentStays(line: String) {
        let result = NoiseFilter().evaluate(previous: ["Pricing"], current: ["Pricing", line], history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(result.added == [line])
    }

    @Test("with built-in rules off, ads are changes like any other line")
    func builtInsOff() {
        let filter = NoiseFilter(rules: NoiseRules(builtInRules: false))
        let result = filter.evaluate(previous: ["Pricing"], current: ["Pricing", "Advertisement"], history: VersionHistory())
        #expect(result.outcome == .changed)
        #expect(filter.evaluate(previous: ["Updated 3 hours ago"], current: ["Updated 4 hours ago"], history: VersionHistory()).outcome == .changed)
    }
}
