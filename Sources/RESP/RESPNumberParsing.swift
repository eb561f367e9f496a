/// The strict number grammars of RESP3. Strict because a lenient parser (leading `+`, spaces,
/// hex) would accept bytes a real server never sends, hiding a stream that is out of sync.
enum RESPNumberParsing {
    private static let minus = UInt8(ascii: "-")
    private static let plus = UInt8(ascii: "+")
    private static let dot = UInt8(ascii: ".")

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// `[-]digits` that fits in Int64; nil otherwise (including overflow).
    static func integer(_ bytes: some Collection<UInt8>) -> Int64? {
        var digits = bytes[...]
        let negative = digits.first == minus
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard isDigit(byte) else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, multiplyOverflow) = value.multipliedReportingOverflow(by: 10)
            // Accumulating negatively reaches Int64.min, which has no positive counterpart.
            let (next, addOverflow) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !multiplyOverflow, !addOverflow else { return nil }
            value = next
        }
        return value
    }

    /// `[-]digits` of any length, as text.
    static func bigNumber(_ bytes: some Collection<UInt8>) -> String? {
        var digits = bytes[...]
        if digits.first == minus { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `inf`, `-inf`, `nan`, or `[+|-]digits[.digits][(e|E)[+|-]digits]`.
    static func double(_ bytes: some Collection<UInt8>) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default: break
        }
        guard isDecimal(Array(bytes)) else { return nil }
        return Double(text)
    }

    private static func isDecimal(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func skipDigits() -> Int {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == minus || bytes[index] == plus { index += 1 }
        guard skipDigits() > 0 else { return false }
        if index < bytes.count, bytes[index] == dot {
            index += 1
            guard skipDigits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == minus || bytes[index] == plus { index += 1 }
            guard skipDigits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
