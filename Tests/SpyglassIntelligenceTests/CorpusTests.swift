import Foundation
import NoiseFilter
import SpyglassExtract
import SpyglassIntelligence
import Testing

/// One labelled pair of the corpus.
struct CorpusPair: Sendable {
    struct Label: Decodable, Sendable {
        var url: String
        var kind: String
        var selector: String?
        var changed: Bool
        var category: String?
        var note: String
        var history: [String]?
    }

    var name: String
    var label: Label
    var old: [UInt8]
    var new: [UInt8]
    var history: [[UInt8]]

    static func loadAll() throws -> [CorpusPair] {
        let root = try #require(Bundle.module.url(forResource: "Corpus", withExtension: nil))
        let folders = try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
            .filter { $0.hasDirectoryPath }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try folders.map { folder in
            let label = try JSONDecoder().decode(Label.self, from: Data(contentsOf: folder.appendingPathComponent("label.json")))
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            func read(_ stem: String) throws -> [UInt8] {
                let file = try #require(files.first { $0.hasPrefix(stem + ".") }, "\(folder.lastPathComponent) has no \(stem)")
                return Array(try Data(contentsOf: folder.appendingPathComponent(file)))
            }
            let history = try (label.history ?? []).map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
            return CorpusPair(name: folder.lastPathComponent, label: label, old: try read("old"), new: try read("new"),
                              history: history)
        }
    }

    /// The context the pipeline would have: the monitor's URL, kind and
    /// selector, and every version it saw before `new`.
    func context(_ analyzer: ChangeAnalyzer) throws -> ChangeAnalyzer.Context {
        var context = ChangeAnalyzer.Context(
            url: label.url, kind: try #require(DocumentKind(rawValue: label.kind)), selector: label.selector)
        let filter = NoiseFilter(rules: context.rules)
        for version in history + [old] {
            filter.record(try analyzer.lines(of: version, context: context), in: &context.history)
        }
        return context
    }
}

@Suite("Labelled corpus")
struct CorpusTests {
    @Test("no alert on noise, every real change alerted, categories right at least 90% of the time")
    func corpus() throws {
        let pairs = try CorpusPair.loadAll()
        #expect(pairs.count >= 40)
        let analyzer = ChangeAnalyzer()
        var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0, categoryRight = 0
        var rows: [String] = []
        for pair in pairs {
            let assessment = try analyzer.compare(old: pair.old, new: pair.new, context: try pair.context(analyzer))
            let category = assessment.category?.rawValue
            switch (pair.label.changed, assessment.changed) {
            case (true, true):
                truePositives += 1
                if category == pair.label.category { categoryRight += 1 }
            case (false, true): falsePositives += 1
            case (true, false): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
            let ok = pair.label.changed == assessment.changed && (!pair.label.changed || category == pair.label.category)
            rows.append("| \(pair.name) | \(pair.label.changed ? pair.label.category ?? "?" : "noise") | "
                + "\(assessment.changed ? category ?? "?" : assessment.outcome) | \(assessment.significance) | \(ok ? "✓" : "✗") |")
            #expect(pair.label.changed == assessment.changed,
                    "\(pair.name): expected changed=\(pair.label.changed), got \(assessment.outcome); added \(assessment.added.prefix(3)) removed \(assessment.removed.prefix(3)) deltas \(assessment.deltas.map(\.summary))")
        }
        let precision = Double(truePositives) / Double(max(truePositives + falsePositives, 1))
        let recall = Double(truePositives) / Double(max(truePositives + falseNegatives, 1))
        let accuracy = Double(categoryRight) / Double(max(truePositives, 1))
        let table = """
            | measure | value |
            |---|---|
            | pairs | \(pairs.count) (\(truePositives + falseNegatives) real changes, \(trueNegatives + falsePositives) noise-only) |
            | precision | \(String(format: "%.3f", precision)) |
            | recall | \(String(format: "%.3f", recall)) |
            | category accuracy | \(String(format: "%.3f", accuracy)) (\(categoryRight)/\(truePositives)) |

            | pair | label | verdict | significance | |
            |---|---|---|---|---|
            \(rows.joined(separator: "\n"))
            """
        print(table)
        if let path = ProcessInfo.processInfo.environment["SPYGLASS_CORPUS_REPORT"] {
            try table.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(falsePositives == 0, "alerts on noise-only pairs")
        #expect(falseNegatives == 0, "real changes not alerted")
        #expect(accuracy >= 0.9, "category accuracy \(accuracy)")
    }
}
