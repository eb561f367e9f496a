/// ASCII-only string helpers: HTML names and keywords are ASCII
/// case-insensitive, and HTML whitespace is ASCII only.
extension StringProtocol {
    /// HTML element and attribute names are ASCII case-insensitive; libxml2
    /// stores them lowercased.
    func asciiLowercased() -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: unicodeScalars.map { scalar in
            scalar >= "A" && scalar <= "Z" ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
        })
        return result
    }

    /// Without leading and trailing space, tab, LF, CR and FF.
    func trimmingASCIISpace() -> String {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
        var result = ""
        result.unicodeScalars.append(contentsOf: unicodeScalars.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
        return result
    }
}
