/// Lines that are advertising labels or cookie-consent text. They are ignored whole.
///
/// Consent phrases only count in lines of at most `maxConsentLength` characters: a banner is a
/// sentence or three, while a privacy-policy paragraph that mentions cookies is content.
enum AdTrackingLines {
    static let maxConsentLength = 400

    private static let labels: Set<String> = [
        "advertisement", "advertisements", "advertising", "ad", "ads", "sponsored", "sponsored content",
        "sponsored post", "sponsored ad", "sponsored links", "promoted", "paid partnership", "paid content",
        "adchoices", "ad choices", "report this ad", "ads by google", "why this ad", "close ad", "skip ad",
        "accept all", "reject all", "allow all", "deny all", "accept all cookies", "reject all cookies",
        "allow all cookies", "accept cookies", "decline cookies", "cookie settings", "cookie preferences",
        "manage cookies", "manage cookie preferences", "manage preferences", "necessary only",
        "only necessary cookies", "essential cookies only", "we value your privacy",
    ]
    private static let longestLabel = 40

    private static let consentPhrases: [Needle] = [
        "we use cookies", "this site uses cookies", "this website uses cookies", "our site uses cookies",
        "our website uses cookies", "uses cookies to", "use of cookies", "accept all cookies", "accept cookies",
        "allow all cookies", "reject all cookies", "cookie settings", "cookie preferences", "we and our partners",
        "by continuing to browse", "by continuing to use this site",
    ]

    static func matches(_ line: String, facts: LineFacts) -> Bool {
        if line.utf8.count <= longestLabel * 2 {
            var label = Substring(facts.loweredText)
            while let last = label.last, last.isPunctuation || last == " " || last == "›" || last == "»" || last == "×" {
                label = label.dropLast()
            }
            if labels.contains(String(label)) { return true }
        }
        return line.utf8.count <= maxConsentLength * 4 && line.count <= maxConsentLength
            && facts.containsAny(consentPhrases)
    }
}
