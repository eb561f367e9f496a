/// Whole lines that stand in a plan's price slot without an amount, and
/// lines that are decoration rather than content.
enum PricePhrases {
    private static let free: Set<String> = [
        "free", "free forever", "forever free", "always free", "free for ever", "free, forever", "free plan",
        "free for life", "free/month", "free / month", "free per month", "gratis", "kostenlos", "gratuit", "gratuito",
    ]
    private static let custom: Set<String> = [
        "contact sales", "contact us", "custom", "custom pricing", "custom price", "custom quote",
        "custom plan", "let's talk", "lets talk", "talk to sales", "talk to us", "get a quote", "request a quote",
        "request pricing", "contact for pricing", "contact us for pricing", "call us", "price on request",
        "on request", "get in touch", "book a demo", "request a demo", "auf anfrage", "sur devis",
        "nous contacter", "kontakt", "individuell", "contact our sales team", "talk to an expert",
    ]
    /// Buttons and links: never a plan name or a feature.
    private static let callsToAction: Set<String> = [
        "get started", "start free trial", "start your free trial", "try for free", "try it free", "try free",
        "buy now", "choose plan", "select plan", "select", "choose", "sign up", "sign up free", "subscribe",
        "start now", "get started free", "start for free", "learn more", "upgrade", "upgrade now", "current plan",
        "apply", "apply now", "view job", "view role", "read more", "see details", "details", "see all jobs",
        "view all jobs", "open positions", "continue", "start trial", "get it now", "order now", "add to cart",
    ]
    /// Badges on plan cards.
    private static let badges: Set<String> = [
        "most popular", "popular", "recommended", "best value", "best deal", "new", "best for teams",
        "save", "hot", "featured", "our pick", "top pick",
    ]

    static func normalized(_ line: String) -> String {
        TextTools.collapse(line).lowercased().replacingApostrophes().trimming(TextTools.edgePunctuation)
    }

    /// `.free` or `.custom` when the whole line is such a phrase.
    static func slotKind(_ line: String) -> PriceFact.Kind? {
        guard line.count <= 40 else { return nil }
        let text = normalized(line)
        if free.contains(text) { return .free }
        if custom.contains(text) { return .custom }
        return nil
    }

    static func isCallToAction(_ line: String) -> Bool {
        line.count <= 40 && callsToAction.contains(normalized(line))
    }

    static func isBadge(_ line: String) -> Bool {
        guard line.count <= 30 else { return false }
        let text = normalized(line)
        return badges.contains(text) || (text.hasPrefix("save ") && text.hasSuffix("%"))
    }
}

extension String {
    /// Typographic apostrophes as ASCII, so "let’s talk" matches "let's talk".
    func replacingApostrophes() -> String {
        String(map { $0 == "’" || $0 == "‘" ? "'" : $0 })
    }
}
