import Foundation

/// Evidence about one change, in plain values, so classification and scoring
/// can be tested without documents.
public struct ChangeEvidence: Sendable, Equatable {
    public var url: String?
    /// `html`, `feed`, `json` or `sitemap`.
    public var kind: String
    public var added: [String]
    public var removed: [String]
    /// Kinds of the structured deltas (`price_increased`, `job_added`, …).
    public var deltaKinds: [String]
    /// For price deltas: the absolute percentage moved, when known.
    public var largestPricePercent: Double?

    public init(
        url: String?, kind: String, added: [String], removed: [String], deltaKinds: [String],
        largestPricePercent: Double? = nil
    ) {
        self.url = url
        self.kind = kind
        self.added = added
        self.removed = removed
        self.deltaKinds = deltaKinds
        self.largestPricePercent = largestPricePercent
    }
}

public struct Classification: Sendable, Equatable, Codable {
    public var category: ChangeCategory
    /// Share of the evidence that points at `category`, 0…1.
    public var confidence: Double
    public var reasons: [String]
}

/// Scores each category from four kinds of evidence — the URL, the page
/// kind, the extracted facts and words in the changed lines — and takes the
/// best. Every point comes with a reason a person can read.
public struct CategoryClassifier: Sendable {
    public init() {}

    public func classify(_ evidence: ChangeEvidence, pinned: ChangeCategory? = nil) -> Classification {
        if let pinned {
            return Classification(category: pinned, confidence: 1, reasons: ["category pinned on the monitor"])
        }
        var scores: [ChangeCategory: Double] = [:]
        var reasons: [ChangeCategory: [String]] = [:]
        func add(_ category: ChangeCategory, _ weight: Double, _ reason: String) {
            scores[category, default: 0] += weight
            reasons[category, default: []].append(reason)
        }

        let path = Self.path(of: evidence.url)
        for (category, hints) in Lexicon.urlHints {
            if let hint = hints.first(where: { path.contains($0) }) {
                add(category, 3, "URL contains \"\(hint)\"")
            }
        }
        let releaseFeed = ["changelog", "release", "/updates", "whats-new"].contains { path.contains($0) }
        for kind in Set(evidence.deltaKinds) {
            if kind == "item_added" && releaseFeed {
                add(.product, 2, "new entries in a changelog or release feed")
            } else if let (category, weight) = Lexicon.deltaCategory[kind] {
                add(category, weight, "extracted fact: \(kind.replacingOccurrences(of: "_", with: " "))")
            }
        }
        if evidence.kind == "feed" && !releaseFeed {
            add(.marketing, 1, "a feed of posts")
        }
        let changed = (evidence.added + evidence.removed).joined(separator: "\n").lowercased()
        for (category, words) in Lexicon.words {
            let hits = words.filter { Self.containsWord(changed, $0) }
            if !hits.isEmpty {
                add(category, min(Double(hits.count), 3) * 0.8,
                    "words in the change: " + hits.prefix(3).map { "\"\($0)\"" }.joined(separator: ", "))
            }
        }
        if Self.containsPrice(changed) {
            add(.pricing, 2, "a price appears in the changed lines")
        }

        let total = scores.values.reduce(0, +)
        guard total > 0, let best = Self.best(scores) else {
            return Classification(category: .marketing, confidence: 0.2, reasons: ["no specific evidence: treated as page copy"])
        }
        return Classification(
            category: best, confidence: (scores[best, default: 0] / total * 100).rounded() / 100,
            reasons: reasons[best, default: []])
    }

    /// Highest score; ties go to the category listed first in `allCases`, for stable output.
    static func best(_ scores: [ChangeCategory: Double]) -> ChangeCategory? {
        ChangeCategory.allCases.max { (scores[$0] ?? 0) < (scores[$1] ?? 0) }
    }

    static func path(of url: String?) -> String {
        guard let url, let components = URLComponents(string: url) else { return "" }
        return ((components.host ?? "") + components.path).lowercased()
    }

    static func containsWord(_ text: String, _ word: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let range = text.range(of: word, range: searchRange) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let isBoundary: (Character?) -> Bool = { character in
                guard let character else { return true }
                return !(character.isLetter || character.isNumber)
            }
            if isBoundary(before) && isBoundary(after) { return true }
            searchRange = range.upperBound..<text.endIndex
        }
        return false
    }

    static func containsPrice(_ text: String) -> Bool {
        let symbols: Set<Character> = ["$", "€", "£", "¥", "₹"]
        var previous: Character?
        for character in text {
            if let previous, symbols.contains(previous), character.isNumber { return true }
            if let previous, previous.isNumber, symbols.contains(character) { return true }
            previous = character
        }
        return text.contains("/mo") || text.contains("per month") || text.contains("per year")
    }
}
