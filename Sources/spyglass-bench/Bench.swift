import Foundation
import SpyglassDomain
import SpyglassEmbedded
import SpyglassExtract
import SpyglassHTML
import SpyglassPorts
import TextDiff

/// Micro-benchmarks of the hot stages. Prints one JSON line per benchmark so
/// `scripts/bench` can put them beside the peers' numbers.
@main
struct Bench {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            // `redis URL …` runs only the Redis benchmarks (they need a server; see RedisBench).
            if let mode = arguments.first, mode == "redis" || mode == "redis-sample" {
                try await RedisBench.run(arguments)
                return
            }
            // `amqp URL …`: the AMQP client against a broker (see AMQPBench).
            if arguments.first == "amqp" {
                try await AMQPBench.run(arguments)
                return
            }
            // `web`: the dashboard's render time through its router (see WebBench).
            if arguments.first == "web" {
                try await WebBench.run()
                return
            }
            try diffBenchmark(corpus: arguments.first.map { URL(fileURLWithPath: $0) })
            if arguments.count > 1 { try extractionBenchmark(pages: URL(fileURLWithPath: arguments[1])) }
            try htmlBenchmark()
            try await queueBenchmark()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Times `body` over `iterations` runs after one warm-up; returns seconds per run, the best of 7
    /// rounds (the machine is shared: the minimum is the least disturbed; the peer gets the same rule).
    static func measure(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var rounds: [Double] = []
        for _ in 0..<7 {
            let start = ContinuousClock.now
            for _ in 0..<iterations { try body() }
            rounds.append((ContinuousClock.now - start).seconds / Double(iterations))
        }
        return rounds.min() ?? 0
    }

    static func report(_ name: String, secondsPerOp: Double, unit: String = "op") {
        let perSecond = secondsPerOp > 0 ? 1 / secondsPerOp : 0
        print(#"{"bench":"\#(name)","us_per_\#(unit)":\#(String(format: "%.1f", secondsPerOp * 1e6)),"\#(unit)s_per_s":\#(String(format: "%.1f", perSecond))}"#)
    }

    /// Inputs are written by scripts/bench so Python's difflib sees exactly the same bytes.
    static func diffBenchmark(corpus: URL?) throws {
        guard let corpus else { return }
        func read(_ name: String) throws -> String {
            try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)
        }
        let oldText = try read("text-old.txt")
        let newText = try read("text-new.txt")
        var sink = 0
        let textSeconds = measure(iterations: 20) {
            sink &+= LineDiff(oldText: oldText, newText: newText).unified().utf8.count
        }
        report("diff_unified_10k_lines", secondsPerOp: textSeconds)

        let oldPage = Array(try read("page-old.html").utf8)
        let newPage = Array(try read("page-new.html").utf8)
        let normalizer = HTMLNormalizer()
        let pageSeconds = try measure(iterations: 5) {
            let old = try normalizer.normalize(html: oldPage, selector: nil)
            let new = try normalizer.normalize(html: newPage, selector: nil)
            sink &+= LineDiff(old: old.lines, new: new.lines).unified().utf8.count
        }
        report("normalise_and_diff_1MB_page", secondsPerOp: pageSeconds)
        if sink == 42 { print("") }
    }

    /// Fact extraction over every HTML page of the labelled corpus, on one core.
    static func extractionBenchmark(pages directory: URL) throws {
        var pages: [[UInt8]] = []
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let file = enumerator?.nextObject() as? URL {
            if file.pathExtension == "html" { pages.append(Array(try Data(contentsOf: file))) }
        }
        guard !pages.isEmpty else { return }
        let extractor = FactExtractor()
        var sink = 0
        let seconds = measure(iterations: 3) {
            for page in pages { sink &+= extractor.extract(document: page, url: nil, kind: .html).prices.count }
        }
        report("extract_facts_corpus_\(pages.count)_pages", secondsPerOp: seconds / Double(pages.count), unit: "page")
        if sink == 42 { print("") }
    }

    static func htmlBenchmark() throws {
        var html = "<html><head><title>Pricing</title><style>p{}</style><script>var a=1</script></head><body><main>"
        for plan in 0..<200 {
            html += "<section class=\"plan\"><h2>Plan \(plan)</h2><p>From <b>$\(plan)</b>/mo</p><ul>"
            for feature in 0..<10 { html += "<li>Feature \(feature) of plan \(plan)</li>" }
            html += "</ul></section>"
        }
        html += "</main></body></html>"
        let bytes = Array(html.utf8)
        let normalizer = HTMLNormalizer()
        let seconds = try measure(iterations: 20) {
            _ = try normalizer.normalize(html: bytes, selector: "main .plan")
        }
        report("html_normalize_\(bytes.count / 1024)KiB", secondsPerOp: seconds)
    }

    static func queueBenchmark() async throws {
        let database = try await EmbeddedDatabase.inMemory()
        let storage = SQLiteStorage(database: database)
        let queue = SQLiteJobQueue(database: database)
        let tenant = try await storage.createTenant(
            name: "bench", ownerKey: NewAPIKey(name: "k", role: .owner, displayPrefix: "sg_", secretHash: "h"))
        let count = 2_000
        let start = ContinuousClock.now
        for index in 0..<count {
            _ = try await queue.enqueue(.new(tenantID: tenant.id, kind: .check, subjectID: "m\(index)", runAt: Date(), now: Date()))
        }
        while let job = try await queue.lease(owner: "bench", for: .seconds(30)) {
            try await queue.complete(job.id, owner: "bench")
        }
        report("sqlite_queue_enqueue_lease_complete", secondsPerOp: (ContinuousClock.now - start).seconds / Double(count), unit: "job")
    }
}
