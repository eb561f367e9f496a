import Foundation
import NoiseFilter
import SpyglassExtract
import SpyglassHTML
import TextDiff

/// Everything Spyglass concludes about two versions of one document: the one
/// code path behind the pipeline, `spyglass diff` and the corpus test.
public struct ChangeAnalyzer: Sendable {
    public struct Context: Sendable {
        public var url: String?
        public var kind: DocumentKind
        /// CSS/XPath for html, a JSONPath for json.
        public var selector: String?
        /// Parts of an HTML page to leave out (CSS or XPath).
        public var excludeSelectors: [String]
        public var rules: NoiseRules
        public var pinnedCategory: ChangeCategory?
        /// The monitor's recent versions (for rotating content and reverts).
        public var history: VersionHistory

        public init(
            url: String? = nil, kind: DocumentKind = .html, selector: String? = nil, excludeSelectors: [String] = [],
            rules: NoiseRules = NoiseRules(), pinnedCategory: ChangeCategory? = nil,
            history: VersionHistory = VersionHistory()
        ) {
            self.url = url
            self.kind = kind
            self.selector = selector
            self.excludeSelectors = excludeSelectors
            self.rules = rules
            self.pinnedCategory = pinnedCategory
            self.history = history
        }
    }

    let normalizer = DocumentText()
    let extractor = FactExtractor()
    let deltas = DeltaBuilder()
    let classifier = CategoryClassifier()
    let scorer = SignificanceScorer()

    public init() {}

    /// The normalised lines of one version.
    public func lines(of document: [UInt8], context: Context) throws(AnalysisError) -> [String] {
        try normalizer.lines(
            of: document, kind: context.kind, selector: context.selector, excluding: context.excludeSelectors)
    }

    public func facts(of document: [UInt8], context: Context) -> ExtractedFacts {
        extractor.extract(document: document, url: context.url, kind: context.kind)
    }

    public func compare(old: [UInt8], new: [UInt8], context: Context) throws(AnalysisError) -> ChangeAssessment {
        let oldLines = try lines(of: old, context: context)
        let newLines = try lines(of: new, context: context)
        let verdict = NoiseFilter(rules: context.rules).evaluate(
            previous: oldLines, current: newLines, history: context.history)
        let factDeltas = deltas.deltas(from: facts(of: old, context: context), to: facts(of: new, context: context))
        return assess(oldLines: oldLines, newLines: newLines, verdict: verdict, deltas: factDeltas, context: context)
    }

    /// Decides from the noise verdict and the fact deltas. A delta counts even
    /// when the visible text hides it (a job only in JSON-LD), unless the
    /// change it describes was suppressed as noise.
    /// `diffNames` label the two sides of the unified diff (snapshot ids in the pipeline).
    public func assess(
        oldLines: [String], newLines: [String], verdict: NoiseVerdict, deltas: [FactDelta], context: Context,
        diffNames: (old: String, new: String) = ("old", "new")
    ) -> ChangeAssessment {
        let diff = LineDiff(old: oldLines, new: newLines)
        let meaningfulDeltas = verdict.outcome == .changed || verdict.outcome == .unchanged ? deltas : []
        let changed = verdict.outcome == .changed || !meaningfulDeltas.isEmpty
        var assessment = ChangeAssessment(
            changed: changed, outcome: changed ? "changed" : verdict.outcome.rawValue, category: nil, confidence: nil,
            significance: 0, reasons: [], suppressed: verdict.suppressed, deltas: changed ? meaningfulDeltas : [],
            added: verdict.added, removed: verdict.removed, diff: diff.unified(oldName: diffNames.old, newName: diffNames.new),
            summary: diff.summary)
        guard changed else {
            assessment.reasons = verdict.suppressed.isEmpty ? ["no difference"] : verdict.suppressed.map(\.reason)
            return assessment
        }
        let evidence = ChangeEvidence(
            url: context.url, kind: context.kind.rawValue, added: verdict.added, removed: verdict.removed,
            deltaKinds: meaningfulDeltas.map(\.kind.rawValue),
            largestPricePercent: meaningfulDeltas.compactMap { $0.percent.flatMap(Double.init).map(abs) }.max())
        let classification = classifier.classify(evidence, pinned: context.pinnedCategory)
        let significance = scorer.score(evidence, category: classification.category)
        assessment.category = classification.category
        assessment.confidence = classification.confidence
        assessment.significance = significance.score
        assessment.reasons = classification.reasons + significance.reasons + verdict.triggered.map { "trigger: \($0)" }
        if let first = meaningfulDeltas.first {
            assessment.summary = meaningfulDeltas.count == 1 ? first.summary : "\(first.summary) (+\(meaningfulDeltas.count - 1) more)"
        }
        return assessment
    }
}

/// The verdict on two versions, in the shape `spyglass diff --format json` prints.
public struct ChangeAssessment: Sendable, Codable, Equatable {
    /// Would this alert.
    public var changed: Bool
    /// `changed`, `unchanged`, `noise_only` or `reverted`.
    public var outcome: String
    public var category: ChangeCategory?
    public var confidence: Double?
    public var significance: Int
    public var reasons: [String]
    public var suppressed: [SuppressedDifference]
    public var deltas: [FactDelta]
    public var added: [String]
    public var removed: [String]
    public var diff: String
    public var summary: String

    /// Every key is always present (`category: null` when nothing changed), so
    /// scripts can rely on the shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(changed, forKey: .changed)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(category, forKey: .category)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(significance, forKey: .significance)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(suppressed, forKey: .suppressed)
        try container.encode(deltas, forKey: .deltas)
        try container.encode(added, forKey: .added)
        try container.encode(removed, forKey: .removed)
        try container.encode(diff, forKey: .diff)
        try container.encode(summary, forKey: .summary)
    }
}

public struct AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
