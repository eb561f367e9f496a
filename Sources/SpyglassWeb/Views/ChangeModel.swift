import Foundation
import SpyglassDomain

/// The change page: what changed (before and after, side by side and inline),
/// the structured deltas, the category and significance with its reasons, and the
/// differences ignored as noise with why.
struct ChangeModel: Sendable {
    struct Delta: Sendable {
        var summary: String
        var kind: String
    }

    struct Suppressed: Sendable {
        var removed: [String]
        var added: [String]
        var rule: String
        var reason: String
    }

    var chrome: Chrome
    var id: String
    var summary: String
    var competitor: String
    var competitorHref: String
    var page: String
    var pageHref: String?
    var category: String
    var confidence: String?
    var significance: Int
    var level: String
    var reasons: [String]
    var deltas: [Delta]
    var noDeltas: Bool
    var suppressed: [Suppressed]
    var noSuppressed: Bool
    var detectedAt: String
    var detectedText: String
    var diff: DiffView
    /// The snapshots' texts were missing: the diff is of the change's own added and removed lines.
    var partial: Bool
    /// The whole stored diff as text, when there is one.
    var diffHref: String?
    /// The page with every row, when this one shows only the first.
    var allRowsHref: String?
    /// Set by the page: the verdicts on this change and the buttons to give one.
    var feedback: FeedbackPanel?

    /// Rows shown unless the page asks for all of them.
    static let rowLimit = 1_000

    init(
        change: Change, competitor: Competitor?, monitor: Monitor?, before: String?, after: String?, chrome: Chrome,
        allRows: Bool = false
    ) {
        self.chrome = chrome
        id = change.id.rawValue
        summary = change.summary.isEmpty ? "Content changed" : change.summary
        self.competitor = competitor?.name ?? "Deleted competitor"
        competitorHref = "/competitors/\(change.competitorID.rawValue)"
        page = monitor?.url ?? ""
        pageHref = SafeLink.href(monitor?.url)
        category = change.category ?? "uncategorised"
        confidence = change.confidence.map { "\(Int(($0 * 100).rounded())) %" }
        significance = change.significance
        level = FeedItem.level(change.significance)
        reasons = change.reasons
        deltas = Self.deltas(change.deltasJSON)
        noDeltas = deltas.isEmpty
        suppressed = Self.suppressed(change.suppressedJSON)
        noSuppressed = suppressed.isEmpty
        detectedAt = TimeText.machine(change.detectedAt)
        detectedText = TimeText.display(change.detectedAt)
        if let before, let after {
            let old = Self.lines(before)
            diff = DiffView(unifiedDiff: change.diff, old: old) ?? DiffView(old: old, new: Self.lines(after))
            partial = false
        } else {
            diff = DiffView(old: change.removed, new: change.added)
            partial = true
        }
        if !allRows {
            diff = diff.limited(to: Self.rowLimit)
            allRowsHref = diff.truncated == nil ? nil : "/changes/\(change.id.rawValue)?all=1#diff-heading"
        }
        diffHref = change.diff.isEmpty ? nil : "/changes/\(change.id.rawValue)/diff"
    }

    static func lines(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Read leniently: stored JSON from older versions or damaged rows shows what it can.
    static func deltas(_ json: String) -> [Delta] {
        objects(json).map { object in
            Delta(
                summary: string(object["summary"]) ?? "", kind: (string(object["kind"]) ?? "").replacingOccurrences(of: "_", with: " "))
        }
    }

    static func suppressed(_ json: String) -> [Suppressed] {
        objects(json).map { object in
            Suppressed(
                removed: strings(object["removed"]), added: strings(object["added"]),
                rule: (string(object["rule"]) ?? "").replacingOccurrences(of: "_", with: " "),
                reason: string(object["reason"]) ?? "")
        }
    }

    private static func objects(_ json: String) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]) ?? []
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    private static func strings(_ value: Any?) -> [String] {
        (value as? [Any])?.compactMap { string($0) } ?? []
    }
}
