/// Copyright years: "© 2025", "Copyright 2024-2026", "(c) 2026 Acme", "2019–2026 ©". A bare year
/// ("2025 pricing", "founded in 2019") is not masked.
enum CopyrightMask {
    static let placeholder = "⟦copyright⟧"

    private static let mark = #"(?:©|&copy;|\(c\)|\bcopyright\b)"#
    private static let years = #"(?:19|20)\d{2}(?:\s*[-–—/]\s*(?:(?:19|20)\d{2}|present|now))?\b"#

    private static let markFirst = mark + #"(?:\s*(?:©|\(c\)))?\s*"# + years
    private static let yearFirst = #"\b(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?\s*(?:©|\(c\))"#

    private static let marks: [Needle] = ["©", "(c)", "copyright", "&copy;"]
    private static let symbols: [Needle] = ["©", "(c)"]

    static let rule = MaskingRule(rule: .copyrightYear, patterns: [
        MaskingPattern(markFirst, when: { $0.hasDigit && $0.containsAny(marks) }, placeholder: placeholder),
        MaskingPattern(yearFirst, when: { $0.hasDigit && $0.containsAny(symbols) }, placeholder: placeholder),
    ].compactMap { $0 })

    static let patternCount = 2
}
