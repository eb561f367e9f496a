/// Pricing cards: repeated sibling containers, each with a name, one to
/// four prices (or a "Free" / "Contact sales" slot) and a feature list.
/// Found bottom-up: a card holds no group of cards itself, and a group is at
/// least two card siblings of the same tag with different names, at least
/// one of them with an amount.
struct PlanCards {
    let text: PlanText

    private static let tableParts: Set<String> = ["table", "thead", "tbody", "tfoot", "tr", "td", "th"]
    private static let chrome: Set<String> = ["nav", "footer", "aside"]

    func plans() -> [DetectedPlan] {
        let index = text.index
        let prices = text.prices
        let count = index.elements.count
        var names = [String?](repeating: nil, count: count)
        var groups: [Int: [Int]] = [:]
        var holdsGroup = [Bool](repeating: false, count: count)
        for element in stride(from: count - 1, through: 0, by: -1) {
            let item = index.elements[element]
            if let group = cardGroup(item.children, names: names) { groups[element] = group }
            holdsGroup[element] = groups[element] != nil || item.children.contains { holdsGroup[$0] }
            guard !holdsGroup[element], !Self.tableParts.contains(item.name), !Self.chrome.contains(item.name) else { continue }
            let lines = item.lineStart..<item.lineEnd
            let money = prices.moneyCount(lines)
            let slots = prices.slotCount(lines)
            guard (1...4).contains(money) || (money == 0 && (1...3).contains(slots)) else { continue }
            names[element] = text.name(of: element)
        }
        var result: [DetectedPlan] = []
        for (container, cards) in groups.sorted(by: { $0.key < $1.key }) where !isInChrome(container) {
            for card in cards {
                guard let name = names[card] else { continue }
                result.append(plan(card, named: name))
            }
        }
        return result
    }

    /// The card children of one parent, or nil when they are not a group.
    private func cardGroup(_ children: [Int], names: [String?]) -> [Int]? {
        let cards = children.filter { names[$0] != nil }
        guard cards.count >= 2 else { return nil }
        let index = text.index
        var tagCounts: [String: Int] = [:]
        for card in cards { tagCounts[index.elements[card].name, default: 0] += 1 }
        guard let tag = tagCounts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return nil }
        let group = cards.filter { index.elements[$0].name == tag }
        let distinctNames = Set(group.compactMap { names[$0].map(TextTools.matchKey) })
        let withAmount = group.contains { card in
            let item = index.elements[card]
            return text.prices.moneyCount(item.lineStart..<item.lineEnd) > 0
        }
        return group.count >= 2 && distinctNames.count >= 2 && withAmount ? group : nil
    }

    private func isInChrome(_ element: Int) -> Bool {
        text.index.ancestry(of: element).contains { Self.chrome.contains(text.index.elements[$0].name) }
    }

    private func plan(_ card: Int, named name: String) -> DetectedPlan {
        let item = text.index.elements[card]
        let lines = item.lineStart..<item.lineEnd
        var planPrices = text.prices.prices(in: lines)
        if planPrices.isEmpty, let slot = lines.lazy.compactMap({ self.text.prices.slots[$0] }).first {
            let line = lines.first { self.text.prices.slots[$0] != nil } ?? lines.lowerBound
            planPrices = [PriceFact.slot(slot, text: text.index.lines[line].text)]
        }
        return DetectedPlan(
            name: name, prices: planPrices, features: text.features(in: lines, within: card, excluding: name), lines: lines
        )
    }
}

extension PriceFact {
    /// A price without an amount shown: "Free" or "Contact sales".
    static func slot(_ kind: Kind, text: String) -> PriceFact {
        PriceFact(amount: kind == .free ? "0" : nil, currency: nil, kind: kind, text: TextTools.clip(text, to: 200))
    }
}
