/// A parsed robots.txt (RFC 9309): which paths a crawler may fetch.
public struct RobotsTxt: Hashable, Sendable {
    /// RFC 9309 §2.5: crawlers must parse at least 500 KiB; the rest is ignored.
    public static let maximumSize = 500 * 1024

    /// No rules at all: every path is allowed (e.g. robots.txt answered 404).
    public static let allowAll = RobotsTxt(groups: [], sitemaps: [])

    let groups: [RobotsGroup]
    /// `Sitemap:` URLs, as written.
    public let sitemaps: [String]

    init(groups: [RobotsGroup], sitemaps: [String]) {
        self.groups = groups
        self.sitemaps = sitemaps
    }

    public init(parsing text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Parses the raw body, of which only the first `maximumSize` bytes count.
    public init(bytes: [UInt8]) {
        self = RobotsTxtParser.parse(bytes)
    }

    /// Whether `userAgent` may fetch `path` (path and query, e.g.
    /// `/search?q=1`). `userAgent` may be a product token (`SpyglassBot`) or
    /// a whole User-Agent header; only the leading product token counts.
    public func isAllowed(path: String, userAgent: String) -> Bool {
        var pathBytes = Array(path.utf8)
        if pathBytes.first != UInt8(ascii: "/") { pathBytes.insert(UInt8(ascii: "/"), at: 0) }
        let normalised = RobotsPattern.normalise(pathBytes)
        if normalised == Array("/robots.txt".utf8) { return true }
        let prepared = RobotsPath(normalised)

        var longestAllow = -1
        var longestDisallow = -1
        for rule in rules(for: userAgent) where rule.pattern.matches(prepared) {
            if rule.allows {
                longestAllow = max(longestAllow, rule.pattern.length)
            } else {
                longestDisallow = max(longestDisallow, rule.pattern.length)
            }
        }
        // The longest match decides; on a tie the Allow wins (RFC 9309 §2.2.2).
        return longestDisallow <= longestAllow
    }

    /// The `Crawl-delay` of the group that applies to `userAgent`, if any.
    /// Not part of RFC 9309 but widely written; capped at one day.
    public func crawlDelay(userAgent: String) -> Duration? {
        matchingGroups(for: userAgent).lazy.compactMap(\.crawlDelay).first
    }

    private func rules(for userAgent: String) -> [RobotsRule] {
        matchingGroups(for: userAgent).flatMap(\.rules)
    }

    /// The groups naming this crawler's product token, all merged (RFC 9309
    /// §2.2.1); failing that, the `*` groups; failing that, none.
    private func matchingGroups(for userAgent: String) -> [RobotsGroup] {
        let token = RobotsTxtParser.productToken(userAgent)
        if !token.isEmpty {
            let named = groups.filter { $0.userAgents.contains(token) }
            if !named.isEmpty { return named }
        }
        return groups.filter { $0.userAgents.contains("*") }
    }
}

/// The lines under one run of `User-agent:` lines.
struct RobotsGroup: Hashable, Sendable {
    /// Lower-cased product tokens, or `*`.
    var userAgents: [String]
    var rules: [RobotsRule] = []
    var crawlDelay: Duration?
}

struct RobotsRule: Hashable, Sendable {
    var allows: Bool
    var pattern: RobotsPattern
}
