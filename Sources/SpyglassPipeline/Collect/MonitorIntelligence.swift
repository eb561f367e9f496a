import Foundation
import NoiseFilter
import SpyglassDomain
import SpyglassExtract
import SpyglassIntelligence

/// The monitor's intelligence settings, decoded from what storage keeps.
struct MonitorIntelligence {
    var context: ChangeAnalyzer.Context
    var filter: NoiseFilter

    init(_ monitor: Monitor) {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let rules = monitor.noiseRulesJSON.flatMap { try? decoder.decode(NoiseRules.self, from: Data($0.utf8)) }
            ?? NoiseRules()
        let history = monitor.versionHistoryJSON.flatMap {
            try? JSONDecoder().decode(VersionHistory.self, from: Data($0.utf8))
        } ?? VersionHistory()
        context = ChangeAnalyzer.Context(
            url: monitor.url, kind: DocumentKind(rawValue: monitor.kind.rawValue) ?? .html, selector: monitor.selector,
            excludeSelectors: monitor.excludeSelectors, rules: rules, pinnedCategory: monitor.pinnedCategory.flatMap(ChangeCategory.init(rawValue:)),
            history: history)
        filter = NoiseFilter(rules: rules)
    }

    /// Remembers `lines` as the newest version, returning the history to store.
    mutating func record(_ lines: [String]) -> String? {
        filter.record(lines, in: &context.history)
        return Self.json(context.history)
    }

    static func json(_ value: some Encodable) -> String? {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func facts(_ json: String) -> ExtractedFacts? {
        try? JSONDecoder().decode(ExtractedFacts.self, from: Data(json.utf8))
    }
}
