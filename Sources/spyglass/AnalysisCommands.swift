import ArgumentParser
import Foundation
import NoiseFilter
import SpyglassExtract
import SpyglassIntelligence
import SpyglassPipeline

/// Options shared by `diff` and `extract`: what the documents are.
struct DocumentOptions: ParsableArguments {
    @Option(help: "The page's URL (used for classification hints and relative links).")
    var url: String?

    @Option(help: "html, feed, json or sitemap.")
    var kind: DocumentKind = .html

    @Option(help: "CSS or XPath for html; a JSONPath such as $.plans[*].price for json.")
    var selector: String?

    @Option(name: .customLong("exclude"), help: "A part of the page to leave out (CSS or XPath); repeatable.")
    var exclude: [String] = []

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    var context: ChangeAnalyzer.Context {
        ChangeAnalyzer.Context(url: url, kind: kind, selector: selector, excludeSelectors: exclude)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

extension DocumentKind: ExpressibleByArgument {}

func readDocument(_ path: String) throws -> [UInt8] {
    do {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard data.count <= 20 * 1_024 * 1_024 else { throw CLIError("\(path) is larger than 20 MiB") }
        return Array(data)
    } catch let error as CLIError {
        throw error
    } catch {
        throw CLIError("cannot read \(path): \((error as NSError).localizedDescription)")
    }
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    Console.line(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Compares two files exactly as the pipeline compares two versions.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions of a document as Spyglass would: noise, facts, category, significance.",
        discussion: "Exits 0 whether or not the change would alert; non-zero only for errors.")

    @Argument(help: "The older version.") var old: String
    @Argument(help: "The newer version.") var new: String
    @OptionGroup var document: DocumentOptions

    func run() throws {
        let analyzer = ChangeAnalyzer()
        let assessment: ChangeAssessment
        do {
            assessment = try analyzer.compare(old: try readDocument(old), new: try readDocument(new),
                                              context: document.context)
        } catch let error as AnalysisError {
            throw CLIError(error.message)
        }
        switch document.format {
        case .json:
            try printJSON(assessment)
        case .text:
            if assessment.changed {
                Console.line("changed: \(assessment.category?.rawValue ?? "?"), significance \(assessment.significance) — \(assessment.summary)")
            } else {
                Console.line("not changed (\(assessment.outcome))")
            }
            for delta in assessment.deltas { Console.line("  • \(delta.summary)") }
            for reason in assessment.reasons { Console.line("  because: \(reason)") }
            for suppressed in assessment.suppressed { Console.line("  ignored: \(suppressed.reason)") }
            if !assessment.diff.isEmpty { Console.line(assessment.diff) }
        }
    }
}

/// Prints the facts Spyglass extracts from one document.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract", abstract: "Print the facts (prices, plans, jobs, items, meta) found in a document.")

    @Argument(help: "The document.") var file: String
    @OptionGroup var document: DocumentOptions

    func run() throws {
        let facts = ChangeAnalyzer().facts(of: try readDocument(file), context: document.context)
        switch document.format {
        case .json:
            try printJSON(FactsOutput(facts))
        case .text:
            for price in facts.prices {
                Console.line("price: \(price.plan ?? "-") \(price.amount ?? price.kind.rawValue) \(price.currency ?? "") \(price.period?.rawValue ?? "")")
            }
            for plan in facts.plans { Console.line("plan: \(plan.name) (\(plan.features.count) features)") }
            for job in facts.jobs { Console.line("job: \(job.title) — \(job.department ?? "-"), \(job.location ?? "-")") }
            for item in facts.items { Console.line("item: \(item.title) \(item.url ?? "")") }
            for url in facts.sitemapURLs { Console.line("url: \(url)") }
            if let title = facts.meta.title { Console.line("title: \(title)") }
            if let description = facts.meta.description { Console.line("description: \(description)") }
        }
    }
}

/// `extract --format json`: the facts with every price key present, null or not.
struct FactsOutput: Encodable {
    struct Price: Encodable {
        @Nullable var plan: String?
        @Nullable var amount: String?
        @Nullable var currency: String?
        @Nullable var period: String?
        var kind: String
        var perUser: Bool
        var billedAnnually: Bool
        var text: String
    }

    var prices: [Price]
    var plans: [PlanFact]
    var jobs: [JobFact]
    var items: [FeedItem]
    var sitemapUrls: [String]
    var meta: PageMeta
    var headlines: [String]

    init(_ facts: ExtractedFacts) {
        prices = facts.prices.map {
            Price(plan: $0.plan, amount: $0.amount, currency: $0.currency, period: $0.period.map { $0 == .oneTime ? "one-time" : $0.rawValue },
                  kind: $0.kind.rawValue, perUser: $0.perUser, billedAnnually: $0.billedAnnually, text: $0.text)
        }
        plans = facts.plans
        jobs = facts.jobs
        items = facts.items
        sitemapUrls = facts.sitemapURLs
        meta = facts.meta
        headlines = facts.headlines
    }
}
