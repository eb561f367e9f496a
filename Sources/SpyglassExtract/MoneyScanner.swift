/// An amount with its currency, found in a line of text.
struct MoneyMatch: Equatable {
    var amount: Amount
    var currency: String?
    /// Character offsets of the match in the scanned text.
    var start: Int
    var end: Int
}

/// Finds amounts written with a currency symbol or ISO code: "$49",
/// "€ 1.234,56", "49 €", "USD 49", "1 234,56 kr". A number without a currency
/// is never a price here, and amounts in contexts that are not prices
/// ("save $20", "$5M raised", "up to $500 in credits") are left out: a false
/// price is worse than a missed one.
struct MoneyScanner {
    var context: CurrencyContext = .default
    /// More matches than this in one line are not read.
    static let maxMatchesPerLine = 40

    private static let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}"]
    private static let multiplierWords: Set<String> = [
        "k", "m", "mm", "b", "bn", "mn", "million", "millions", "billion", "billions", "thousand", "trillion", "mio", "mrd",
    ]
    private static let wordsBefore: Set<String> = [
        "save", "saves", "saving", "savings", "over", "above", "under", "worth", "raised", "raises", "raising",
        "earn", "earns", "earned", "credit", "credits", "revenue", "refund", "rebate", "discount", "funding",
        "spend", "spent", "exceeding", "exceeds", "minimum", "valued", "arr", "mrr",
        "gmv", "processed", "processing", "payouts", "bonus", "reward", "win", "prize", "fine", "fined",
    ]
    /// Verbs that make an amount a result, not a price, even a few words
    /// later: "saved us $10,000 a year", "raised a $5 seed".
    private static let verbsBefore: Set<String> = [
        "save", "saved", "saves", "saving", "raised", "raise", "earned", "earn", "earns", "generated", "generate",
        "generates", "spent", "lost", "won", "processed", "reduced", "cut", "returned",
    ]
    private static let phrasesBefore: Set<String> = [
        "up to", "more than", "less than", "value of", "worth of", "savings of", "saving of", "orders of",
        "in excess of",
    ]
    private static let wordsAfter: Set<String> = [
        "off", "discount", "credit", "credits", "savings", "saved", "cashback", "back", "raised", "funding",
        "arr", "mrr", "revenue", "value", "bonus", "gift", "reward", "rewards", "voucher", "coupon", "rebate",
        "refund", "less", "cheaper", "more", "in",
    ]

    func matches(in characters: [Character]) -> [MoneyMatch] {
        var result: [MoneyMatch] = []
        var index = 0
        while index < characters.count, result.count < Self.maxMatchesPerLine {
            if let match = prefixed(at: index, in: characters) {
                if isPrice(match, in: characters) { result.append(match) }
                index = max(match.end, index + 1)
                continue
            }
            guard characters[index].isASCIIDigit else {
                index += 1
                continue
            }
            if startsNumber(at: index, in: characters), let token = NumberReader.token(in: characters, from: index) {
                if let match = suffixed(token, start: index, in: characters) {
                    if isPrice(match, in: characters) { result.append(match) }
                    index = max(match.end, index + 1)
                    continue
                }
                index = token.end
            }
            // Skip the rest of a digit run such as "2026" or "v2".
            while index < characters.count, characters[index].isASCIIDigit { index += 1 }
        }
        return result
    }

    private func startsNumber(at index: Int, in characters: [Character]) -> Bool {
        guard index > 0 else { return true }
        let previous = characters[index - 1]
        return !(previous.isLetter || previous.isNumber || previous == "." || previous == ",")
    }

    /// A currency symbol or ISO code starting at `index`, and where it ends.
    func currency(at index: Int, in characters: [Character]) -> (code: String?, end: Int)? {
        guard index < characters.count else { return nil }
        let character = characters[index]
        let isCodeStart = character.isASCII && character.isUppercase
        guard isCodeStart || CurrencyTable.symbolStarts.contains(character) else { return nil }
        let previousIsLetter = index > 0 && characters[index - 1].isLetter
        for symbol in CurrencyTable.symbols where symbol.text[0] == character && characters[index...].starts(with: symbol.text) {
            let end = index + symbol.text.count
            if previousIsLetter { return nil }
            if symbol.wordLike, end < characters.count, characters[end].isLetter { continue }
            return (context.resolve(symbol.meaning), end)
        }
        guard isCodeStart, !previousIsLetter, index + 3 <= characters.count else { return nil }
        let word = String(characters[index..<index + 3])
        guard CurrencyTable.isoCodes.contains(word), !CurrencyTable.wordLikeCodes.contains(word),
              index + 3 == characters.count || !characters[index + 3].isLetter
        else {
            return nil
        }
        return (word, index + 3)
    }

    private func skipSpace(_ index: Int, in characters: [Character]) -> Int {
        index < characters.count && Self.spaces.contains(characters[index]) ? index + 1 : index
    }

    /// "$49", "€ 1.234,56", "USD 49", "$49 AUD".
    private func prefixed(at index: Int, in characters: [Character]) -> MoneyMatch? {
        guard !characters[index].isASCIIDigit, let (code, symbolEnd) = currency(at: index, in: characters) else { return nil }
        let numberStart = skipSpace(symbolEnd, in: characters)
        guard numberStart < characters.count, characters[numberStart].isASCIIDigit,
              let token = NumberReader.token(in: characters, from: numberStart)
        else { return nil }
        var match = MoneyMatch(amount: .zero, currency: code, start: index, end: token.end)
        let codeStart = skipSpace(token.end, in: characters)
        if let (explicit, codeEnd) = currency(at: codeStart, in: characters), let explicit,
           CurrencyTable.isoCodes.contains(explicit), codeEnd - codeStart == 3 {
            // "$49 AUD": the code says which dollar.
            match.currency = explicit
            match.end = codeEnd
        }
        guard let amount = NumberReader.amount(of: token, currency: match.currency),
              !hasNonPriceSuffix(after: match.end, in: characters)
        else { return nil }
        match.amount = amount
        return match
    }

    /// "49 €", "1 234,56 kr", "49 USD".
    private func suffixed(_ token: NumberReader.Token, start: Int, in characters: [Character]) -> MoneyMatch? {
        let symbolStart = skipSpace(token.end, in: characters)
        guard let (code, symbolEnd) = currency(at: symbolStart, in: characters) ?? wordLikeCode(at: symbolStart, in: characters),
              symbolEnd >= characters.count || !characters[symbolEnd].isASCIIDigit,
              let amount = NumberReader.amount(of: token, currency: code)
        else { return nil }
        return MoneyMatch(amount: amount, currency: code, start: start, end: symbolEnd)
    }

    /// "49 TRY": codes that are also English words count only after an amount.
    private func wordLikeCode(at index: Int, in characters: [Character]) -> (code: String?, end: Int)? {
        guard index + 3 <= characters.count, index + 3 == characters.count || !characters[index + 3].isLetter else { return nil }
        let word = String(characters[index..<index + 3])
        return CurrencyTable.wordLikeCodes.contains(word) ? (word, index + 3) : nil
    }

    /// "$5M", "$10k+", "99.9%", "$2 billion": not prices.
    private func hasNonPriceSuffix(after end: Int, in characters: [Character]) -> Bool {
        guard end < characters.count else { return false }
        let next = characters[end]
        if next == "%" || next == "+" || next.isNumber { return true }
        if next.isLetter { return !isQualifierStart(at: end, in: characters) }
        if Self.spaces.contains(next), let word = self.word(from: end + 1, in: characters) {
            return Self.multiplierWords.contains(word)
        }
        return false
    }

    /// Letters stuck to an amount that still belong to a price ("$49mo").
    private func isQualifierStart(at index: Int, in characters: [Character]) -> Bool {
        guard let word = word(from: index, in: characters) else { return false }
        return ["mo", "month", "yr", "year", "pm", "pa"].contains(word)
    }

    private func word(from index: Int, in characters: [Character]) -> String? {
        var end = index
        while end < characters.count, characters[end].isLetter, end - index < 20 { end += 1 }
        return end > index ? String(characters[index..<end]).lowercased() : nil
    }

    /// False when the words around the amount say it is not a price.
    private func isPrice(_ match: MoneyMatch, in characters: [Character]) -> Bool {
        let before = TextTools.words(String(characters[max(0, match.start - 40)..<match.start])).suffix(3)
        if let last = before.last, Self.wordsBefore.contains(last) { return false }
        if before.contains(where: Self.verbsBefore.contains) { return false }
        if before.count >= 2, Self.phrasesBefore.contains(before.suffix(2).joined(separator: " ")) { return false }
        if before.count >= 3, Self.phrasesBefore.contains(before.suffix(3).joined(separator: " ")) { return false }
        let after = TextTools.words(String(characters[match.end..<min(characters.count, match.end + 30)])).prefix(2)
        guard let first = after.first, Self.wordsAfter.contains(first) else { return true }
        if first == "in" || first == "more" || first == "less" {
            // "in credits" or "more than" are not prices; "in EUR" or "in total" may be.
            guard after.count == 2 else { return true }
            return !["credits", "credit", "funding", "revenue", "savings", "sales", "arr", "value", "than", "discounts"]
                .contains(after.last ?? "")
        }
        return false
    }
}
