/// Reads a number as pages write prices: `49`, `49.99`, `1,234.56`,
/// `1.234,56`, `1 234,56`, `1'234.50`, and Indian grouping `1,23,456` for
/// rupees. Anything else that looks numeric (dates, versions, IP addresses)
/// is refused rather than guessed.
enum NumberReader {
    struct Token {
        var groups: [String]
        var separators: [Character]
        /// One past the last character read.
        var end: Int
    }

    private static let spaceSeparators: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}", "'", "’"]

    /// The digits and separators starting at `start` (which must be a digit).
    static func token(in characters: [Character], from start: Int) -> Token? {
        guard start < characters.count, characters[start].isASCIIDigit else { return nil }
        var index = start
        func digits() -> String {
            let from = index
            while index < characters.count, characters[index].isASCIIDigit, index - from < 16 { index += 1 }
            return String(characters[from..<index])
        }
        var token = Token(groups: [digits()], separators: [], end: index)
        while index + 1 < characters.count, token.groups.count < 8 {
            let separator = characters[index]
            guard separator == "." || separator == "," || spaceSeparators.contains(separator),
                  characters[index + 1].isASCIIDigit
            else { break }
            let save = index
            index += 1
            let group = digits()
            // A space only groups thousands: "1 234" yes, "2 4" or "10 12345" no.
            if spaceSeparators.contains(separator) && group.count != 3 {
                index = save
                break
            }
            token.groups.append(group)
            token.separators.append(separator)
            token.end = index
        }
        return token
    }

    /// The amount a token stands for, or nil when its shape is not a price.
    static func amount(of token: Token, currency: String?) -> Amount? {
        var groups = token.groups
        var separators = token.separators
        var fraction = ""
        if let last = separators.last, last == "." || last == ",", let lastGroup = groups.last {
            let others = separators.dropLast()
            let isDecimal: Bool
            if others.isEmpty {
                isDecimal = lastGroup.count != 3 || groups[0] == "0"
            } else {
                isDecimal = !others.contains(last)
            }
            if isDecimal {
                fraction = lastGroup
                groups.removeLast()
                separators.removeLast()
            }
        }
        guard fraction.count <= Amount.maxFractionDigits, validGrouping(groups, separators, currency: currency) else { return nil }
        return Amount(integer: groups.joined(), fraction: fraction)
    }

    private static func validGrouping(_ groups: [String], _ separators: [Character], currency: String?) -> Bool {
        guard let first = groups.first else { return false }
        guard let separator = separators.first else { return true }
        guard separators.allSatisfy({ $0 == separator }) else { return false }
        let rest = groups.dropFirst()
        if (1...3).contains(first.count) && rest.allSatisfy({ $0.count == 3 }) { return true }
        // Indian grouping: 1,23,45,678.
        guard currency == "INR", separator == ",", (1...2).contains(first.count), let last = rest.last, last.count == 3 else {
            return false
        }
        return rest.dropLast().allSatisfy { $0.count == 2 }
    }
}
