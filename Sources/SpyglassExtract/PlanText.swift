import SpyglassHTML

/// Reads plan names and feature lists inside a part of the page.
struct PlanText {
    let index: PageIndex
    let prices: LinePrices
    let scanner: MoneyScanner

    static let maxNameLength = 60
    static let maxFeatures = 100
    static let maxFeatureLength = 200
    private static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    private static let nameWords: Set<String> = ["name", "title", "tier", "heading", "plan", "package", "edition", "header"]
    private static let notNameWords: Set<String> = [
        "price", "pricing", "amount", "cost", "feature", "features", "description", "desc", "cta", "button", "btn",
        "subtitle", "badge", "period", "currency", "billing", "toggle", "tag", "label", "ribbon", "list",
    ]
    private static let featureWords: Set<String> = ["feature", "features", "benefit", "benefits", "included", "includes"]
    private static let excludedWords: Set<String> = [
        "disabled", "unavailable", "excluded", "inactive", "unchecked", "missing", "notincluded", "cross",
        "crossed", "negative", "unsupported",
    ]
    private static let excludedMarks: Set<Character> = ["✗", "✕", "✘", "×", "❌", "⨯", "✖"]
    private static let bullets: Set<Character> = [
        "✓", "✔", "✅", "☑", "•", "·", "-", "–", "—", "*", "+", " ", "\u{FE0F}", "→", "▪", "◦",
    ]

    /// The name of the plan held by `element`, from its first heading, an
    /// element named like a title, a bold first line, the text before the
    /// price on a one-line item, or a short first line.
    func name(of element: Int) -> String? {
        let item = index.elements[element]
        guard !Self.headings.contains(item.name) else { return nil }
        let range = index.descendants(of: element).prefix(300)
        for candidate in range where Self.headings.contains(index.elements[candidate].name) {
            if let name = cleanName(lines: index.lineTexts(of: candidate), fromHeading: true) { return name }
        }
        for candidate in range {
            let words = index.elements[candidate].classWords
            guard words.contains(where: Self.nameWords.contains), !words.contains(where: Self.notNameWords.contains) else { continue }
            if let name = cleanName(lines: index.lineTexts(of: candidate), fromHeading: true) { return name }
        }
        for candidate in range where ["strong", "b", "dt"].contains(index.elements[candidate].name) {
            if let name = cleanName(lines: [index.text(of: candidate)]) { return name }
        }
        let lines = item.lineStart..<item.lineEnd
        guard let firstLine = lines.first else { return nil }
        if let price = scanner.matches(in: Array(index.lines[firstLine].text)).first, price.start > 0 {
            let before = String(index.lines[firstLine].text.prefix(price.start))
            if let name = cleanName(lines: [before]) { return name }
        }
        // A short line before the price, past any badge ("Most popular").
        guard lines.count >= 3 else { return nil }
        for line in lines.prefix(3) {
            guard prices.byLine[line].isEmpty else { return nil }
            if index.lines[line].text.count <= 40, let name = cleanName(lines: [index.lines[line].text]) { return name }
        }
        return nil
    }

    /// The first line that can be a plan name, without badges and a trailing
    /// " plan". A heading may be named like a price slot ("Custom").
    func cleanName(lines: [String], fromHeading: Bool = false) -> String? {
        for line in lines {
            var text = TextTools.collapse(line).trimming(TextTools.edgePunctuation)
            if text.lowercased().hasSuffix(" plan"), text.count > 5 { text = String(text.dropLast(5)) }
            guard (1...Self.maxNameLength).contains(text.count), text.contains(where: \.isLetter),
                  !PricePhrases.isBadge(text), !PricePhrases.isCallToAction(text),
                  fromHeading || PricePhrases.slotKind(text) != .custom, scanner.matches(in: Array(text)).isEmpty,
                  PriceQualifiers.read(Array(text.lowercased())).isEmpty || text.count > 25
            else { continue }
            return text
        }
        return nil
    }

    /// List items (or elements named like features) inside `element`'s
    /// lines that carry no price, without bullets and without items marked
    /// as not included.
    func features(in lines: Range<Int>, within element: Int, excluding name: String) -> [String] {
        var result: [String] = []
        for line in lines where prices.byLine[line].isEmpty && result.count < Self.maxFeatures {
            guard let holder = featureHolder(of: index.lines[line], within: element),
                  !isExcluded(holder, line: index.lines[line].text)
            else { continue }
            let text = String(index.lines[line].text.drop { Self.bullets.contains($0) })
            guard !text.isEmpty, text.count <= Self.maxFeatureLength, text != name,
                  !PricePhrases.isCallToAction(text), !PricePhrases.isBadge(text), PricePhrases.slotKind(text) == nil,
                  !result.contains(text)
            else { continue }
            result.append(text)
        }
        return result
    }

    /// The `li` (or feature-named element) holding the line, below `element`.
    private func featureHolder(of line: PageIndex.Line, within element: Int) -> Int? {
        for ancestor in index.ancestry(of: line.first, limit: 12) {
            if ancestor == element || !index.contains(element, ancestor) { return nil }
            let item = index.elements[ancestor]
            if item.name == "li" { return ancestor }
            // A one-line element named like a feature ("feature-item").
            if item.classWords.contains(where: Self.featureWords.contains) && item.lineEnd - item.lineStart == 1 {
                return ancestor
            }
        }
        return nil
    }

    /// An item marked as not included: by class, by a cross mark, or by an
    /// icon labelled so.
    private func isExcluded(_ holder: Int, line: String) -> Bool {
        if let first = line.first, Self.excludedMarks.contains(first) { return true }
        let item = index.elements[holder]
        if item.classWords.contains(where: Self.excludedWords.contains) { return true }
        if item.classWords.contains("not") && item.classWords.contains("included") { return true }
        return CellSignals(item.node).iconMeaning == .excluded
    }
}
