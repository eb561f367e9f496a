/// Counters: "12,345 customers", "1.2k likes", "Join 10,000+ teams", "4,812 views", "viewed 37
/// times".
///
/// Precision first: a number right after a currency sign ("$49") is never a counter. Nouns that
/// also state plan quotas ("5 users", "up to 1,000 members", "25,000 visitors/month") count only
/// when the number looks like social proof — a lead-in such as "trusted by" or "join", a "+", or
/// an exact, ticking value (100 or more, not a multiple of 50) — and no limit wording surrounds it.
enum CounterMask {
    static let placeholder = "⟦count⟧"

    private static let number = #"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(?:k|m|b|million|thousand|billion)\b)?\+?"#
    private static let notAmount = #"(?<![\p{Sc}\w.,])(?<!\p{Sc}\s)"#
    private static let adjective = #"(?:happy|satisfied|active|monthly|daily|weekly|registered|paying|global|verified|loyal|total|unique|new|real|online|independent|growing|leading|enterprise|amazing)"#

    /// Engagement counts that no plan sells as a quota.
    private static let socialNoun = #"(?:likes?|followers?|fans?|stars?|forks?|reviews?|ratings?|comments?|repl(?:y|ies)|shares?|retweets?|reposts?|votes?|upvotes?|reactions?|reads?|listens?|watchers?|viewers?|people\s+(?:viewing|watching|online))"#
    /// Counts that are social proof on a home page but a quota on a pricing page.
    private static let quotaNoun = #"(?:views?|visitors?|visits?|downloads?|installs?|plays?|clicks?|subscribers?|customers?|clients?|users?|members?|teams?|people|persons?|compan(?:y|ies)|business(?:es)?|organi[sz]ations?|brands?|developers?|professionals?|marketers?|creators?|students?|learners?|stores?|merchants?|websites?|sites?|readers?|accounts?)"#
    private static let leadIn = #"(?:join(?:ed)?|trusted\s+by|loved\s+by|used\s+by|chosen\s+by|relied\s+on\s+by|powering|serving|over|more\s+than)"#
    private static let limitBefore: [Needle] = ["up to", "upto", "max", "limit", "per ", "for ", "includ", "allow", "support", "plan"]
    private static let limitAfter = ["/", " per ", " a month", " a day", " a year", " each", " every", " included", " max", " limit"]

    private static let social = notAmount + "(" + number + #")\s+(?:("# + adjective + #")\s+)?("# + socialNoun + #")\b"#
    private static let quota = #"(?:\b("# + leadIn + #")\s+)?"# + notAmount + "(" + number + #")\s+(?:("# + adjective + #")\s+)?("# + quotaNoun + #")\b"#
    private static let times = #"\b(viewed|downloaded|played|watched|read|shared|installed|liked|visited|starred|forked)\s+("# + number + #")\s+times?\b"#

    /// Substrings every noun of a list contains, to skip lines cheaply.
    private static let time: Needle = "time"
    private static let socialStems: [Needle] = ["like", "follower", "fan", "star", "fork", "review", "rating", "comment", "repl", "share", "retweet", "repost", "vote", "reaction", "read", "listen", "watcher", "viewer", "people"]
    private static let quotaStems: [Needle] = ["view", "visit", "download", "install", "play", "click", "subscriber", "customer", "client", "user", "member", "team", "people", "person", "compan", "business", "organi", "brand", "developer", "professional", "marketer", "creator", "student", "learner", "store", "merchant", "site", "reader", "account"]

    /// "♥ 341", "👍 1.2k", "★ 4,812": a reaction symbol and its count.
    private static let reaction = #"([♥❤👍★⭐])\s*("# + number + ")"
    /// A line that is nothing but a grouped number ("38,229,514"): the ticking
    /// widget of a live counter. Prices carry a currency sign and never match.
    private static let bareGrouped = #"^\s*\d{1,3}(?:,\d{3})+\+?\s*$"#
    private static let reactionSymbols: [Needle] = ["♥", "❤", "👍", "★", "⭐"]
    private static let comma: Needle = ","

    static let rule = MaskingRule(rule: .counter, patterns: [
        MaskingPattern(reaction, when: { $0.hasDigit && $0.containsAny(reactionSymbols) }) { match in
            match.group(1).map { "\($0) \(placeholder)" }
        },
        MaskingPattern(bareGrouped, when: { $0.hasDigit && $0.contains(comma) }, placeholder: placeholder),
        MaskingPattern(times, when: { $0.hasDigit && $0.contains(time) }) { match in
            match.group(1).map { "\($0) \(placeholder) times" }
        },
        MaskingPattern(social, when: { $0.hasDigit && $0.containsAny(socialStems) }) { match in
            replacement(adjective: match.group(2), noun: match.group(3))
        },
        MaskingPattern(quota, when: { $0.hasDigit && $0.containsAny(quotaStems) }) { match in
            guard let number = match.group(2), isSocialProof(number: number, hasLeadIn: match.group(1) != nil) else { return nil }
            let before = match.textBefore(24), after = match.textAfter(12)
            guard !LineFacts.text(before, containsAny: limitBefore), !limitAfter.contains(where: after.hasPrefix) else { return nil }
            let leadIn = match.group(1).map { $0 + " " } ?? ""
            return replacement(adjective: match.group(3), noun: match.group(4)).map { leadIn + $0 }
        },
    ].compactMap { $0 })

    static let patternCount = 5

    /// The placeholder plus the noun in one spelling, so "1 comment" and "2 comments" agree.
    private static func replacement(adjective: String?, noun: String?) -> String? {
        guard let noun else { return nil }
        var words = [placeholder]
        if let adjective { words.append(adjective.lowercased()) }
        words.append(singular(noun.lowercased()))
        return words.joined(separator: " ")
    }

    private static func singular(_ noun: String) -> String {
        switch noun {
        case "people", "persons": "person"
        case "replies": "reply"
        case "companies": "company"
        case "businesses": "business"
        default:
            // "people viewing" stays as it is.
            noun.contains(" ") || !noun.hasSuffix("s") ? noun : String(noun.dropLast())
        }
    }

    private static func isSocialProof(number: String, hasLeadIn: Bool) -> Bool {
        if hasLeadIn || number.hasSuffix("+") { return true }
        let digits = number.filter { $0 != "," }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(digits) else { return false }
        return value >= 100 && value % 50 != 0
    }
}
