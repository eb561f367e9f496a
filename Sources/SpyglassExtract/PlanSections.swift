/// Plans laid out as a flat sequence without wrappers: sibling headings each
/// followed by a price and a list (`<h3>Basic</h3><p>£9/month</p><ul>…`),
/// or a definition list (`<dt>Basic</dt><dd>£9/month</dd>`).
struct PlanSections {
    let text: PlanText

    /// The price must come within this many lines after the heading.
    private static let maxLinesToPrice = 4
    private static let headingNames: Set<String> = ["h2", "h3", "h4", "h5", "h6", "dt"]

    func plans(skipping claimed: [Bool]) -> [DetectedPlan] {
        let index = text.index
        var result: [DetectedPlan] = []
        for parent in index.elements.indices {
            let children = index.elements[parent].children
            var byLevel: [String: [Int]] = [:]
            for child in children where Self.headingNames.contains(index.elements[child].name) {
                byLevel[index.elements[child].name, default: []].append(child)
            }
            guard let headings = byLevel.values.filter({ $0.count >= 2 }).max(by: { $0.count < $1.count }) else { continue }
            var plans: [DetectedPlan] = []
            for (position, heading) in headings.enumerated() {
                let start = index.elements[heading].lineStart
                let end = position + 1 < headings.count ? index.elements[headings[position + 1]].lineStart : index.elements[parent].lineEnd
                guard start < end, !(start..<end).contains(where: { claimed[$0] }),
                      let plan = plan(heading: heading, lines: start..<end, parent: parent)
                else { continue }
                plans.append(plan)
            }
            let withAmount = plans.contains { $0.prices.contains { $0.kind != .custom && $0.amount != nil } }
            if plans.count >= 2 && withAmount { result += plans }
        }
        return result
    }

    private func plan(heading: Int, lines: Range<Int>, parent: Int) -> DetectedPlan? {
        let money = text.prices.moneyCount(lines)
        let slots = text.prices.slotCount(lines)
        guard (1...4).contains(money) || (money == 0 && (1...2).contains(slots)),
              let firstPriced = lines.first(where: { !text.prices.byLine[$0].isEmpty || text.prices.slots[$0] != nil }),
              firstPriced - lines.lowerBound <= Self.maxLinesToPrice,
              let name = text.cleanName(lines: [text.index.text(of: heading)], fromHeading: true)
        else { return nil }
        var planPrices = text.prices.prices(in: lines)
        if planPrices.isEmpty, let slot = text.prices.slots[firstPriced] {
            planPrices = [PriceFact.slot(slot, text: text.index.lines[firstPriced].text)]
        }
        return DetectedPlan(
            name: name, prices: planPrices, features: text.features(in: lines, within: parent, excluding: name), lines: lines
        )
    }
}
