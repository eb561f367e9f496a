/// Absolute dates and times in common English formats. Dates and relative times share one
/// placeholder, so "Posted 3 hours ago" and "Posted Nov 25, 2026" compare equal.
enum DateTimeMask {
    static let placeholder = "⟦time⟧"

    private static let month = #"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"#
    private static let weekday = #"(?:(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?,?\s+)?"#
    private static let day = #"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"#
    private static let year = #"(?:19|20)\d{2}\b"#
    /// A day number must not be the start of a percentage or a longer number ("May 20% off").
    private static let notAmount = #"(?!\s*%)(?![.,]\d)"#

    /// "Tue, Nov 25, 2026", "November 25th 2026", "25 November 2026", "25th of Nov", "November
    /// 2026", "Nov 25".
    private static let named = "\\b" + weekday + "(?:"
        + month + #"\s+"# + day + #"(?:,\s*|\s+)"# + year
        + "|" + day + #"\s+(?:of\s+)?"# + month + #",?\s+"# + year
        + "|" + month + #",?\s+"# + year
        + "|" + month + #"\s+"# + day + notAmount
        + "|" + day + #"\s+(?:of\s+)?"# + month + notAmount
        + ")"

    /// "2026-11-25", "2026/11/25", ISO 8601 date-times ("2026-11-25T10:00Z",
    /// "2026-11-25T10:00:00.123+01:00"), "11/25/2026", "25.11.2026". Four-digit years only, and
    /// never inside a longer run of digits and dots (a version number).
    private static let numeric = #"(?<![\d./-])(?:"#
        + #"(?:19|20)\d{2}([-/.])(?:1[0-2]|0?[1-9])\1(?:3[01]|[12]\d|0?[1-9])"#
        + #"(?:t(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?"#
        + #"|(?:3[01]|[12]\d|0?[1-9])([/.-])(?:3[01]|[12]\d|0?[1-9])\2(?:19|20)\d{2}"#
        + #")(?![\d.]?\d)(?![/-]\d)"#

    private static let meridiem = #"\s?[ap]\.?m\b\.?"#
    private static let zone = #"(?:\s?(?:utc|gmt|z)?\s?[+-](?:[01]\d|2[0-3]):?[0-5]\d|\s?(?:utc|gmt|z|[ecmp][sd]t|[ecmp]t|cest|cet|bst|ist|jst|aest|aedt)\b)?"#

    /// "10:00:03", "10:00 AM", "9:30pm", "14:05", "10am", "3 p.m.", with an optional zone. A
    /// one-digit hour with minutes only ("John 3:16") is not a time.
    private static let time = #"(?<![\d:.])(?:"#
        + #"(?:[01]?\d|2[0-3]):[0-5]\d:[0-5]\d(?:[.,]\d{1,9})?(?:"# + meridiem + ")?"
        + #"|(?:1[0-2]|0?[1-9]):[0-5]\d"# + meridiem
        + #"|(?:[01]\d|2[0-3]):[0-5]\d"#
        + #"|(?:1[0-2]|0?[1-9])"# + meridiem
        + ")" + zone + #"(?![\d:])"#

    private static let separators: [Needle] = ["-", "/", "."]
    private static let timeMarks: [Needle] = [":", "am", "pm", "a.m", "p.m"]
    private static let monthPrefixes: [Needle] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static let rule = MaskingRule(rule: .dateTime, patterns: [
        MaskingPattern(numeric, when: { $0.hasDigit && $0.containsAny(separators) }, placeholder: placeholder),
        MaskingPattern(named, when: { $0.hasDigit && $0.containsAny(monthPrefixes) }, placeholder: placeholder),
        MaskingPattern(time, when: { $0.hasDigit && $0.containsAny(timeMarks) }, placeholder: placeholder),
    ].compactMap { $0 })

    /// How many patterns the rule is written with; a test compares it with `rule.patterns`.
    static let patternCount = 3
}
