import Foundation
import Testing

/// `spyglass diff` and `spyglass extract`, the offline tools for tuning.
@Suite("End to end: offline diff and extract")
struct OfflineAnalysisTests {
    /// A pair of the labelled corpus, read from the source tree.
    static func corpusFile(_ pair: String, _ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SpyglassIntelligenceTests/Corpus/\(pair)/\(name)").path
    }

    @Test("diff --format json reports a price increase with its category, significance and delta")
    func diffJSON() async throws {
        try await TestWorld.run { world in
            let pair = "21-pricing-cards-pro-increase"
            let result = try await world.cli.run([
                "diff", Self.corpusFile(pair, "old.html"), Self.corpusFile(pair, "new.html"),
                "--url", "https://acme-analytics.example/pricing", "--format", "json",
            ])
            #expect(result.termination == .exit(0), "\(result)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(object["changed"] as? Bool == true)
            #expect(object["category"] as? String == "pricing")
            #expect((object["significance"] as? Int ?? 0) >= 80)
            for key in ["reasons", "suppressed", "deltas", "diff"] { #expect(object[key] != nil, "missing \(key)") }
            let deltas = try #require(object["deltas"] as? [[String: Any]])
            #expect(deltas.contains { $0["kind"] as? String == "price_increased" && ($0["summary"] as? String)?.isEmpty == false })
        }
    }

    @Test("diff of a noise-only pair exits 0 and says it would not alert")
    func diffNoise() async throws {
        try await TestWorld.run { world in
            let pair = "01-noise-last-updated-date"
            let result = try await world.cli.run([
                "diff", Self.corpusFile(pair, "old.html"), Self.corpusFile(pair, "new.html"), "--format", "json",
            ])
            #expect(result.termination == .exit(0), "\(result)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(object["changed"] as? Bool == false)
            #expect((object["suppressed"] as? [Any])?.isEmpty == false)
        }
    }

    @Test("extract --format json lists prices with plan, amount, currency and period")
    func extractJSON() async throws {
        try await TestWorld.run { world in
            let result = try await world.cli.run([
                "extract", Self.corpusFile("21-pricing-cards-pro-increase", "new.html"), "--format", "json",
            ])
            #expect(result.termination == .exit(0), "\(result)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            let prices = try #require(object["prices"] as? [[String: Any]])
            #expect(!prices.isEmpty)
            for key in ["plan", "amount", "currency", "period"] {
                #expect(prices.allSatisfy { $0.keys.contains(key) }, "every price has \(key), null or not")
            }
            #expect(prices.contains { $0["currency"] as? String == "USD" && $0["amount"] is String })
            for key in ["jobs", "items", "meta"] { #expect(object[key] != nil, "missing \(key)") }
        }
    }

    @Test("unreadable files and bad options are one-line errors", arguments: [
        ["diff", "/nonexistent/old.html", "/nonexistent/new.html"],
        ["extract", "/nonexistent/page.html"],
        ["diff", "/dev/null", "/dev/null", "--kind", "pdf"],
    ])
    func errors(arguments: [String]) async throws {
        try await TestWorld.run { world in
            let result = try await world.cli.run(arguments)
            #expect(result.termination != .exit(0), "\(result)")
            #expect(result.stderrLines.count == 1, "\(result)")
            #expect(result.stderrLines.first?.hasPrefix("error: ") == true, "\(result)")
        }
    }
}
