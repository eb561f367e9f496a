/// Relative times: "3 hours ago", "a minute ago", "2d ago", "just now", "yesterday", "in 5
/// minutes", "last week". Future times only in seconds, minutes and hours: "in 30 days" is far
/// more often a policy ("money back in 30 days") than a countdown.
enum RelativeTimeMask {
    private static let hedge = #"(?:(?:about|around|over|almost|nearly|less\s+than|more\s+than|under)\s+)?"#
    private static let wordCount = #"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a\s+)?few|several|(?:a\s+)?couple(?:\s+of)?)"#
    private static let unit = #"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?)"#
    private static let shortUnit = #"(?:s|m|h|d|w|y)"#
    private static let nearUnit = #"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)"#

    private static let ago = #"\b"# + hedge + "(?:"
        + #"\d+\s?(?:"# + unit + "|" + shortUnit + ")"
        + "|" + wordCount + #"\s+"# + unit
        + #")\s+ago\b"#

    private static let words = #"\b(?:just\s+now|a\s+moment\s+ago|moments\s+ago|earlier\s+today|yesterday|today|tonight|tomorrow|last\s+(?:night|week|weekend|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"#

    private static let soon = #"\bin\s+(?:about\s+)?(?:\d+\s?|"# + wordCount + #"\s+)"# + nearUnit + #"\b"#

    private static let agoWord: Needle = "ago"
    private static let inWord: Needle = "in "
    private static let nearUnits: [Needle] = ["sec", "min", "hour", "hr"]
    private static let timeWords: [Needle] = ["now", "moment", "today", "yesterday", "tonight", "tomorrow", "last"]

    static let rule = MaskingRule(rule: .relativeTime, patterns: [
        MaskingPattern(ago, when: { $0.contains(agoWord) }, placeholder: DateTimeMask.placeholder),
        MaskingPattern(soon, when: { $0.contains(inWord) && $0.containsAny(nearUnits) }, placeholder: DateTimeMask.placeholder),
        MaskingPattern(words, when: { $0.containsAny(timeWords) }, placeholder: DateTimeMask.placeholder),
    ].compactMap { $0 })

    static let patternCount = 3
}
