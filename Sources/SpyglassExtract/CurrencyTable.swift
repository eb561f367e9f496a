/// Currency symbols and ISO 4217 codes as they appear next to amounts.
enum CurrencyTable {
    /// What a symbol means; some depend on the page (see `CurrencyContext`).
    enum Meaning: Equatable {
        case code(String)
        /// A bare "$": US dollars unless the page says otherwise.
        case dollar
        /// "¥": yen unless the page speaks of yuan.
        case yen
        /// "kr": Swedish, Norwegian or Danish crowns.
        case krona
    }

    struct Symbol {
        let text: [Character]
        let meaning: Meaning
        /// Letters ("kr", "US$") need a non-letter on both sides.
        let wordLike: Bool

        init(_ text: String, _ meaning: Meaning, wordLike: Bool = false) {
            self.text = Array(text)
            self.meaning = meaning
            self.wordLike = wordLike
        }
    }

    /// Longest first, so "US$" wins over "$".
    static let symbols: [Symbol] = [
        Symbol("US$", .code("USD"), wordLike: true),
        Symbol("AU$", .code("AUD"), wordLike: true),
        Symbol("CA$", .code("CAD"), wordLike: true),
        Symbol("NZ$", .code("NZD"), wordLike: true),
        Symbol("HK$", .code("HKD"), wordLike: true),
        Symbol("MX$", .code("MXN"), wordLike: true),
        Symbol("A$", .code("AUD"), wordLike: true),
        Symbol("C$", .code("CAD"), wordLike: true),
        Symbol("S$", .code("SGD"), wordLike: true),
        Symbol("R$", .code("BRL"), wordLike: true),
        Symbol("Rs.", .code("INR"), wordLike: true),
        Symbol("Rs", .code("INR"), wordLike: true),
        Symbol("kr.", .krona, wordLike: true),
        Symbol("kr", .krona, wordLike: true),
        Symbol("Kr", .krona, wordLike: true),
        Symbol("zł", .code("PLN"), wordLike: true),
        Symbol("Kč", .code("CZK"), wordLike: true),
        Symbol("Ft", .code("HUF"), wordLike: true),
        Symbol("$", .dollar),
        Symbol("€", .code("EUR")),
        Symbol("£", .code("GBP")),
        Symbol("¥", .yen),
        Symbol("￥", .yen),
        Symbol("₹", .code("INR")),
        Symbol("₩", .code("KRW")),
        Symbol("₽", .code("RUB")),
        Symbol("₺", .code("TRY")),
        Symbol("₪", .code("ILS")),
        Symbol("฿", .code("THB")),
        Symbol("₫", .code("VND")),
        Symbol("₱", .code("PHP")),
    ]

    /// The first characters of `symbols`, to skip most text at once.
    static let symbolStarts = Set(symbols.compactMap(\.text.first))

    static let isoCodes: Set<String> = [
        "USD", "EUR", "GBP", "JPY", "INR", "CHF", "AUD", "CAD", "NZD", "SEK", "NOK", "DKK", "PLN", "BRL",
        "MXN", "SGD", "HKD", "ZAR", "CNY", "KRW", "TRY", "ILS", "CZK", "HUF", "RUB", "AED", "SAR", "THB",
        "IDR", "MYR", "PHP", "VND", "TWD", "RON", "BGN", "UAH", "ARS", "CLP", "COP", "PEN", "NGN", "KES", "EGP",
    ]

    /// Codes that are also words in capitalised copy ("TRY 14 DAYS FREE"):
    /// read only after an amount.
    static let wordLikeCodes: Set<String> = ["TRY", "PEN"]

    /// Dollar currencies a page may mean by a bare "$".
    static let dollarCodes: Set<String> = ["USD", "AUD", "CAD", "NZD", "SGD", "HKD", "MXN"]
    static let kronaCodes: Set<String> = ["SEK", "NOK", "DKK"]

    /// How summaries write an amount in each currency.
    static func prefix(for code: String?) -> String {
        switch code {
        case nil: return ""
        case "USD": return "$"
        case "EUR": return "€"
        case "GBP": return "£"
        case "JPY": return "¥"
        case "INR": return "₹"
        case "AUD": return "A$"
        case "CAD": return "C$"
        case "NZD": return "NZ$"
        case "BRL": return "R$"
        case let code?: return code + " "
        }
    }
}

/// What the page as a whole says about ambiguous symbols.
struct CurrencyContext: Equatable {
    var dollar = "USD"
    var yen = "JPY"
    /// nil when nothing tells Swedish, Norwegian and Danish crowns apart.
    var krona: String?

    static let `default` = CurrencyContext()

    func resolve(_ meaning: CurrencyTable.Meaning) -> String? {
        switch meaning {
        case .code(let code): return code
        case .dollar: return dollar
        case .yen: return yen
        case .krona: return krona
        }
    }

    /// Reads ISO codes mentioned in the text ("Prices in AUD"), then the
    /// URL's country domain and the page language for crowns.
    static func infer(texts: [String], url: String?, language: String?) -> CurrencyContext {
        var counts: [String: Int] = [:]
        var scanned = 0
        for text in texts where scanned < 2_000_000 {
            scanned += text.utf8.count
            for word in text.split(whereSeparator: { !$0.isLetter }) where word.count == 3 || word == "RMB" {
                let code = String(word)
                if CurrencyTable.isoCodes.contains(code) || code == "RMB" { counts[code, default: 0] += 1 }
            }
        }
        var context = CurrencyContext()
        if counts["USD", default: 0] == 0,
           let other = mostMentioned(CurrencyTable.dollarCodes.subtracting(["USD"]), in: counts) {
            context.dollar = other
        }
        if counts["JPY", default: 0] == 0, counts["CNY", default: 0] + counts["RMB", default: 0] > 0 {
            context.yen = "CNY"
        }
        context.krona = mostMentioned(CurrencyTable.kronaCodes, in: counts) ?? kronaFromPlace(url: url, language: language)
        return context
    }

    private static func mostMentioned(_ codes: Set<String>, in counts: [String: Int]) -> String? {
        codes.filter { counts[$0, default: 0] > 0 }
            .max { (counts[$0, default: 0], $1) < (counts[$1, default: 0], $0) }
    }

    private static func kronaFromPlace(url: String?, language: String?) -> String? {
        let host = url.flatMap { URLText.host(of: $0) } ?? ""
        if host.hasSuffix(".se") { return "SEK" }
        if host.hasSuffix(".no") { return "NOK" }
        if host.hasSuffix(".dk") { return "DKK" }
        switch language?.lowercased().prefix(2) {
        case "sv": return "SEK"
        case "nb", "nn", "no": return "NOK"
        case "da": return "DKK"
        default: return nil
        }
    }
}
