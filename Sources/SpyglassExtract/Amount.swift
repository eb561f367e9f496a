/// A non-negative decimal amount held exactly as millionths, so comparing
/// and computing percentages never goes through binary floating point.
/// Integer parts are limited to 9 digits and fractions to 6: anything larger
/// is not a price a page shows.
struct Amount: Hashable, Comparable, Sendable {
    static let maxIntegerDigits = 9
    static let maxFractionDigits = 6
    private static let scale: Int64 = 1_000_000

    /// The value in millionths.
    let micros: Int64

    static let zero = Amount(micros: 0)

    private init(micros: Int64) {
        self.micros = micros
    }

    /// From ASCII digit strings: `integer` "1234", `fraction` "56".
    init?(integer: String, fraction: String) {
        let integerDigits = integer.drop { $0 == "0" }
        guard integerDigits.count <= Self.maxIntegerDigits, fraction.count <= Self.maxFractionDigits,
              integer.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit)
        else { return nil }
        let whole = Int64(integerDigits) ?? 0
        let padded = fraction + String(repeating: "0", count: Self.maxFractionDigits - fraction.count)
        micros = whole * Self.scale + (Int64(padded) ?? 0)
    }

    /// From a plain decimal such as "49", "49.90" or "0.5" (JSON numbers,
    /// schema.org prices). Exponents and signs are refused.
    init?(decimal text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2 else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard parts.count == 1 || !fraction.isEmpty else { return nil }
        self.init(integer: parts[0].isEmpty ? "0" : String(parts[0]), fraction: fraction)
    }

    /// From minor units (cents) as an integer string: "4900" is 49.
    init?(minorUnits text: String) {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit) else { return nil }
        let padded = String(repeating: "0", count: max(0, 3 - text.count)) + text
        self.init(integer: String(padded.dropLast(2)), fraction: String(padded.suffix(2)))
    }

    var isZero: Bool { micros == 0 }

    static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.micros < rhs.micros }

    private var integerPart: Int64 { micros / Self.scale }

    /// Fraction digits without trailing zeros ("" for a whole amount).
    private var fractionDigits: String {
        let fraction = micros % Self.scale
        guard fraction > 0 else { return "" }
        let digits = String(fraction)
        let padded = String(repeating: "0", count: 6 - digits.count) + digits
        return String(padded.reversed().drop { $0 == "0" }.reversed())
    }

    /// "1234.56", "49", "0.5": the form stored in `PriceFact.amount`.
    var normalized: String {
        let fraction = fractionDigits
        return fraction.isEmpty ? String(integerPart) : "\(integerPart).\(fraction)"
    }

    /// "1,234.56", "49", "49.50": for summaries.
    var display: String {
        var grouped = ""
        for (offset, digit) in String(integerPart).reversed().enumerated() {
            if offset > 0 && offset % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        grouped = String(grouped.reversed())
        let fraction = fractionDigits
        guard !fraction.isEmpty else { return grouped }
        return grouped + "." + (fraction.count == 1 ? fraction + "0" : fraction)
    }

    /// The change from `self` to `new` in percent with one decimal, rounded
    /// half away from zero ("20.4", "-16.9"); nil when `self` is zero.
    func percentChange(to new: Amount) -> String? {
        guard micros > 0 else { return nil }
        // Both at most 10^15, so the products below stay far from Int64.max.
        let difference = new.micros - micros
        let scaled = difference * 1000
        var tenths = scaled / micros
        let remainder = scaled % micros
        if 2 * abs(remainder) >= micros { tenths += difference < 0 ? -1 : 1 }
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }

    /// Lowercased when that is still one character, so offsets into a
    /// lowercased copy stay valid for the original.
    var lowercasedCharacter: Character {
        let lowered = lowercased()
        guard lowered.count == 1, let first = lowered.first else { return self }
        return first
    }
}
