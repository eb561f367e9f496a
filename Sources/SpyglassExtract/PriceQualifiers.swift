/// The billing terms written after an amount: "/mo", "per user per month",
/// "billed annually", "one-time".
struct PriceQualifiers: Equatable {
    var period: PriceFact.Period?
    var perUser = false
    var billedAnnually = false
    /// Characters of the scanned text up to the end of the last term found.
    var consumed = 0

    var isEmpty: Bool { period == nil && !perUser && !billedAnnually }

    mutating func merge(_ other: PriceQualifiers) {
        period = period ?? other.period
        perUser = perUser || other.perUser
        billedAnnually = billedAnnually || other.billedAnnually
    }

    private static let billedYearly = [
        "when billed annually", "when billed yearly", "billed annually", "billed yearly", "billed annual",
        "paid annually", "paid yearly", "billed once a year", "billed every year", "annual billing",
        "billed per year", "jährliche abrechnung", "jährlich abgerechnet", "facturé annuellement",
    ]
    private static let billedMonthly = ["billed monthly", "paid monthly", "monthly billing", "billed every month"]
    private static let month = [
        "/month", "/mo", "/mth", "/m", "per month", "a month", "per mo", "monthly", "p/m",
        "/monat", "pro monat", "monatlich", "/mois", "par mois", "/mes", "al mes", "por mes", "/maand",
        "per maand", "/mese", "al mese", "/mån", "/md", "mo",
    ]
    private static let year = [
        "/year", "/yr", "per year", "a year", "per yr", "annually", "yearly", "/annum",
        "per annum", "p.a.", "/jahr", "pro jahr", "jährlich", "/an", "par an", "/año", "al año", "por año",
        "/jaar", "per jaar", "/anno", "/år",
    ]
    private static let oneTime = [
        "one-time", "one time", "onetime", "one-off", "once", "lifetime", "single payment", "pay once", "einmalig",
    ]
    private static let perSeat = [
        "/user", "per user", "/seat", "per seat", "/member", "per member", "/agent",
        "per agent", "/person", "per person", "/editor", "per editor", "per active user", "pro nutzer",
        "/nutzer", "par utilisateur", "/utilisateur", "por usuario", "/usuario",
    ]

    /// Reads the terms in `text` (lowercased by the caller).
    static func read(_ text: [Character]) -> PriceQualifiers {
        var result = PriceQualifiers()
        var masked = text
        // Billing phrases may follow other text without a space ("/monthbilled
        // annually" when inline elements touch), so their start is not checked.
        for phrase in billedYearly {
            if let range = find(phrase, in: masked, wordStart: false) {
                result.billedAnnually = true
                result.consumed = max(result.consumed, range.upperBound)
                masked.replaceSubrange(range, with: repeatElement(" ", count: range.count))
            }
        }
        for phrase in billedMonthly {
            if let range = find(phrase, in: masked, wordStart: false) {
                result.period = .month
                result.consumed = max(result.consumed, range.upperBound)
                masked.replaceSubrange(range, with: repeatElement(" ", count: range.count))
            }
        }
        for phrase in perSeat {
            if let range = find(phrase, in: masked) {
                result.perUser = true
                result.consumed = max(result.consumed, range.upperBound)
                masked.replaceSubrange(range, with: repeatElement("/", count: range.count))
            }
        }
        // The earliest period wins: "$40/mo, $480 a year" is monthly.
        var earliest: (start: Int, end: Int, period: PriceFact.Period)?
        for (phrases, period) in [(month, PriceFact.Period.month), (year, .year), (oneTime, .oneTime)] {
            for phrase in phrases {
                if let range = find(phrase, in: masked), range.lowerBound < earliest?.start ?? Int.max {
                    earliest = (range.lowerBound, range.upperBound, period)
                }
            }
        }
        if let earliest {
            result.period = earliest.period
            result.consumed = max(result.consumed, earliest.end)
        }
        return result
    }

    /// The first occurrence of `phrase` (or, for "/month", of "/ month")
    /// that starts and ends on a word boundary.
    private static func find(_ phrase: String, in text: [Character], wordStart: Bool = true) -> Range<Int>? {
        let spaced = phrase.hasPrefix("/") && !phrase.hasPrefix("/ ") ? find("/ " + phrase.dropFirst(), in: text) : nil
        guard let direct = findExactly(phrase, in: text, wordStart: wordStart) else { return spaced }
        guard let spaced else { return direct }
        return spaced.lowerBound < direct.lowerBound ? spaced : direct
    }

    private static func findExactly(_ phrase: String, in text: [Character], wordStart: Bool) -> Range<Int>? {
        let pattern = Array(phrase)
        guard let first = pattern.first, let last = pattern.last, pattern.count <= text.count else { return nil }
        var index = 0
        while index + pattern.count <= text.count {
            if text[index] == first, text[index..<index + pattern.count].elementsEqual(pattern) {
                let end = index + pattern.count
                let startsClean = !wordStart || !first.isLetter || index == 0 || !text[index - 1].isLetter
                let endsClean = !last.isLetter || end == text.count || !text[end].isLetter
                if startsClean && endsClean { return index..<end }
            }
            index += 1
        }
        return nil
    }
}
