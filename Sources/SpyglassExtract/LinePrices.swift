import SpyglassHTML

/// The prices on each line of a page, read once; prefix sums give the count
/// under any element in O(1).
struct LinePrices {
    /// Amount prices per line, `plan` not yet set.
    private(set) var byLine: [[PriceFact]]
    /// Lines that are a whole "Free" or "Contact sales" phrase.
    private(set) var slots: [PriceFact.Kind?]
    private var moneyPrefix: [Int] = [0]
    private var slotPrefix: [Int] = [0]

    static let maxTextLength = 200
    /// How far after an amount its billing terms are looked for.
    private static let tailWindow = 48
    private static let tailStops: Set<Character> = ["|", "•", "·", ";", "(", "\n"]
    private static let monthHints: Set<String> = ["monthly", "month", "mo", "mtl", "monatlich", "mensuel"]
    private static let yearHints: Set<String> = ["annual", "annually", "yearly", "year", "yr", "jaehrlich", "annuel"]
    private static let monthlyAttributes = ["data-monthly", "data-monthly-price", "data-price-monthly", "data-month"]
    private static let annualAttributes = [
        "data-annual", "data-annually", "data-yearly", "data-annual-price", "data-yearly-price",
        "data-price-annual", "data-price-annually", "data-price-yearly", "data-year",
    ]

    init(index: PageIndex, scanner: MoneyScanner) {
        byLine = Array(repeating: [], count: index.lines.count)
        slots = Array(repeating: nil, count: index.lines.count)
        for line in index.lines.indices {
            byLine[line] = Self.prices(onLine: line, of: index, scanner: scanner)
            if byLine[line].isEmpty { slots[line] = PricePhrases.slotKind(index.lines[line].text) }
        }
        addToggleAttributes(index: index, scanner: scanner)
        for line in index.lines.indices {
            moneyPrefix.append(moneyPrefix[line] + byLine[line].count)
            slotPrefix.append(slotPrefix[line] + (slots[line] == nil ? 0 : 1))
        }
    }

    func moneyCount(_ lines: Range<Int>) -> Int {
        moneyPrefix[lines.upperBound] - moneyPrefix[lines.lowerBound]
    }

    func slotCount(_ lines: Range<Int>) -> Int {
        slotPrefix[lines.upperBound] - slotPrefix[lines.lowerBound]
    }

    /// The amount prices of the lines, in order.
    func prices(in lines: Range<Int>) -> [PriceFact] {
        lines.flatMap { byLine[$0] }
    }

    // MARK: Reading one line

    private static func prices(onLine line: Int, of index: PageIndex, scanner: MoneyScanner) -> [PriceFact] {
        let lines = index.lines
        var characters = Array(lines[line].text)
        // A symbol and its amount in separate blocks: "$" then "49".
        if line > 0, characters.first?.isASCIIDigit == true, isCurrencyOnly(lines[line - 1].text, scanner) {
            characters = Array(lines[line - 1].text) + characters
        } else if line + 1 < lines.count, isNumberOnly(lines[line].text), isCurrencyOnly(lines[line + 1].text, scanner) {
            characters += [" "] + Array(lines[line + 1].text)
        }
        let matches = scanner.matches(in: characters)
        var result: [PriceFact] = []
        for (position, match) in matches.enumerated() {
            let tailEnd = position + 1 < matches.count ? matches[position + 1].start : characters.count
            var tail = Array(characters[match.end..<min(tailEnd, match.end + tailWindow)].map(\.lowercasedCharacter))
            if let stop = tail.firstIndex(where: { $0.isASCIIDigit || tailStops.contains($0) }) {
                tail.removeSubrange(stop...)
            }
            var qualifiers = PriceQualifiers.read(tail)
            var text = String(characters[match.start..<min(characters.count, match.end + qualifiers.consumed)])
            if position == matches.count - 1 {
                for next in lines.indices.dropFirst(line + 1).prefix(2) {
                    let following = PriceQualifiers.read(Array(lines[next].text.lowercased()))
                    guard isQualifierLine(lines[next].text, scanner), !following.isEmpty else { break }
                    qualifiers.merge(following)
                    text += " " + lines[next].text
                }
            }
            applyHints(from: lines[line].first, of: index, to: &qualifiers)
            result.append(PriceFact(
                amount: match.amount.normalized, currency: match.currency, period: qualifiers.period,
                perUser: qualifiers.perUser, billedAnnually: qualifiers.billedAnnually,
                kind: match.amount.isZero ? .free : .paid, text: TextTools.clip(text, to: maxTextLength)
            ))
        }
        return deduplicated(result)
    }

    private static func isCurrencyOnly(_ text: String, _ scanner: MoneyScanner) -> Bool {
        let characters = Array(text)
        guard characters.count <= 4, let (_, end) = scanner.currency(at: 0, in: characters) else { return false }
        return end == characters.count
    }

    private static func isNumberOnly(_ text: String) -> Bool {
        text.count <= 16 && text.first?.isASCIIDigit == true && text.allSatisfy { $0.isASCIIDigit || $0 == "." || $0 == "," }
    }

    /// A short line of billing terms only: "per user / month", "billed annually".
    private static func isQualifierLine(_ text: String, _ scanner: MoneyScanner) -> Bool {
        let characters = Array(text)
        return characters.count <= 60 && !characters.contains(where: \.isNumber) && scanner.matches(in: characters).isEmpty
    }

    /// Toggle markup says which billing a price belongs to: a "monthly" or
    /// "annual" class or data attribute on the price or its containers.
    private static func applyHints(from element: Int, of index: PageIndex, to qualifiers: inout PriceQualifiers) {
        for ancestor in index.ancestry(of: element, limit: 6) {
            let item = index.elements[ancestor]
            var words = item.classWords + TextTools.words(item.attribute("id") ?? "")
            for attribute in ["data-period", "data-billing", "data-interval", "data-billing-period", "data-plan-period"] {
                words += TextTools.words(item.attribute(attribute) ?? "")
            }
            if words.contains(where: monthHints.contains) {
                qualifiers.period = qualifiers.period ?? .month
                return
            }
            if words.contains(where: yearHints.contains) {
                if qualifiers.period != .year { qualifiers.billedAnnually = true }
                return
            }
        }
    }

    private static func deduplicated(_ prices: [PriceFact]) -> [PriceFact] {
        var seen = Set<PriceFact>()
        return prices.filter { price in
            var key = price
            key.text = ""
            return seen.insert(key).inserted
        }
    }

    // MARK: Toggle data attributes

    /// `<span data-monthly="49" data-annual="39">$49</span>`: both prices,
    /// replacing the one the element shows.
    private mutating func addToggleAttributes(index: PageIndex, scanner: MoneyScanner) {
        for element in index.elements.indices {
            let item = index.elements[element]
            guard !item.node.attributes.isEmpty, item.lineStart < item.lineEnd, item.lineStart < byLine.count else { continue }
            let monthly = Self.monthlyAttributes.lazy.compactMap { item.attribute($0) }.first
            let annual = Self.annualAttributes.lazy.compactMap { item.attribute($0) }.first
            guard monthly != nil || annual != nil else { continue }
            let line = item.lineStart
            let shown = byLine[line].first
            var added: [PriceFact] = []
            if let monthly, var price = Self.attributePrice(monthly, shown: shown, scanner: scanner) {
                price.period = .month
                price.billedAnnually = false
                added.append(price)
            }
            if let annual, var price = Self.attributePrice(annual, shown: shown, scanner: scanner) {
                price.period = shown?.period == .month ? .month : (shown?.period == .year ? .year : nil)
                price.billedAnnually = true
                added.append(price)
            }
            guard !added.isEmpty else { continue }
            if let shown { byLine[line].removeAll { $0.amount == shown.amount && $0.currency == shown.currency } }
            byLine[line] = Self.deduplicated(byLine[line] + added)
            slots[line] = nil
        }
    }

    /// A toggle value: money text, or a bare number in the shown price's currency.
    private static func attributePrice(_ value: String, shown: PriceFact?, scanner: MoneyScanner) -> PriceFact? {
        let characters = Array(TextTools.collapse(value))
        if let match = scanner.matches(in: characters).first {
            return PriceFact(
                amount: match.amount.normalized, currency: match.currency, perUser: shown?.perUser ?? false,
                kind: match.amount.isZero ? .free : .paid, text: String(characters)
            )
        }
        guard let shown, let token = NumberReader.token(in: characters, from: 0), token.end == characters.count,
              let amount = NumberReader.amount(of: token, currency: shown.currency)
        else { return nil }
        return PriceFact(
            amount: amount.normalized, currency: shown.currency, perUser: shown.perUser,
            kind: amount.isZero ? .free : .paid, text: CurrencyTable.prefix(for: shown.currency) + amount.display
        )
    }
}
