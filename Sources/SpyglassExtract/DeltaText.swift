/// How deltas write prices, terms, quotes and lists in one line.
enum DeltaText {
    static let maxQuoted = 120
    static let listedValues = 3

    /// "$1,234.56", "Free", "Contact sales".
    static func price(_ price: PriceFact) -> String {
        switch price.kind {
        case .free where price.amount == nil || price.amount == "0":
            return "Free"
        case .custom:
            let shown = TextTools.collapse(price.text)
            return shown.isEmpty || shown.count > 30 ? "Custom pricing" : shown
        default:
            guard let amount = price.amount.flatMap(Amount.init(decimal:)) else { return TextTools.clip(price.text, to: 40) }
            return CurrencyTable.prefix(for: price.currency) + amount.display
        }
    }

    /// "per user per month, billed annually", "per year", "one-time", "".
    static func terms(_ price: PriceFact) -> String {
        var parts: [String] = []
        if price.perUser { parts.append("per user") }
        switch price.period {
        case .month?: parts.append("per month")
        case .year?: parts.append("per year")
        case .oneTime?: parts.append("one-time")
        case nil: break
        }
        let base = parts.joined(separator: " ")
        guard price.billedAnnually else { return base }
        return base.isEmpty ? "billed annually" : base + ", billed annually"
    }

    /// A price with its terms: "$29 per month".
    static func priceWithTerms(_ price: PriceFact) -> String {
        let terms = self.terms(price)
        return terms.isEmpty || price.kind == .custom ? self.price(price) : self.price(price) + " " + terms
    }

    static func quoted(_ text: String) -> String {
        "“" + TextTools.clip(text, to: maxQuoted) + "”"
    }

    /// "A, B, C and 2 more".
    static func list(_ values: [String]) -> String {
        let shown = values.prefix(listedValues).joined(separator: ", ")
        return values.count > listedValues ? "\(shown) and \(values.count - listedValues) more" : shown
    }

    /// "(Engineering, Berlin)" or "".
    static func parenthesised(_ parts: [String?]) -> String {
        let present = parts.compactMap { $0 }.filter { !$0.isEmpty }
        return present.isEmpty ? "" : " (" + present.joined(separator: ", ") + ")"
    }
}
