/// Turns robots.txt bytes into groups. Lines it does not understand are
/// skipped; nothing in the input can make it fail.
enum RobotsTxtParser {
    private enum Key {
        case userAgent, allow, disallow, crawlDelay, sitemap
    }

    /// Common misspellings are accepted, as the major crawlers do.
    private static let keys: [String: Key] = [
        "user-agent": .userAgent, "useragent": .userAgent, "user agent": .userAgent,
        "allow": .allow,
        "disallow": .disallow, "dissallow": .disallow, "dissalow": .disallow, "disalow": .disallow,
        "crawl-delay": .crawlDelay, "crawldelay": .crawlDelay,
        "sitemap": .sitemap, "site-map": .sitemap,
    ]

    static func parse(_ input: [UInt8]) -> RobotsTxt {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.count > RobotsTxt.maximumSize {
            bytes = bytes.prefix(RobotsTxt.maximumSize)
            // A cut line could turn "Allow: /x" into "Allow: /": drop it.
            if let lastBreak = bytes.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                bytes = bytes[..<lastBreak]
            } else {
                bytes = bytes.prefix(0)
            }
        }

        var groups: [RobotsGroup] = []
        var sitemaps: [String] = []
        var current: RobotsGroup?
        var currentHasMembers = false

        for line in bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
            guard let (key, value) = keyAndValue(line) else { continue }
            switch key {
            case .userAgent:
                let token = agentToken(value)
                guard !token.isEmpty else { continue }
                if var group = current, !currentHasMembers {
                    group.userAgents.append(token)
                    current = group
                } else {
                    if let finished = current { groups.append(finished) }
                    current = RobotsGroup(userAgents: [token])
                    currentHasMembers = false
                }
            case .allow, .disallow:
                guard current != nil else { continue }  // rules before any User-agent
                currentHasMembers = true
                // An empty Disallow allows everything, which no rule does already.
                guard !value.isEmpty else { continue }
                current?.rules.append(RobotsRule(allows: key == .allow, pattern: RobotsPattern(value)))
            case .crawlDelay:
                guard current != nil else { continue }
                currentHasMembers = true
                if let delay = crawlDelay(value), current?.crawlDelay == nil { current?.crawlDelay = delay }
            case .sitemap:
                if !value.isEmpty { sitemaps.append(String(decoding: value, as: UTF8.self)) }
            }
        }
        if let finished = current { groups.append(finished) }
        return RobotsTxt(groups: groups, sitemaps: sitemaps)
    }

    /// `key: value # comment` with white space trimmed; nil for anything else.
    private static func keyAndValue(_ line: ArraySlice<UInt8>) -> (Key, ArraySlice<UInt8>)? {
        var content = line
        if let hash = content.firstIndex(of: UInt8(ascii: "#")) { content = content[..<hash] }
        guard let colon = content.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let keyText = String(decoding: trimmed(content[..<colon]), as: UTF8.self).lowercased()
        guard let key = keys[keyText] else { return nil }
        return (key, trimmed(content[content.index(after: colon)...]))
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var result = bytes
        while let first = result.first, first == 0x20 || first == 0x09 { result = result.dropFirst() }
        while let last = result.last, last == 0x20 || last == 0x09 { result = result.dropLast() }
        return result
    }

    /// A `User-agent:` value reduced to what is compared: `*` or the
    /// lower-cased leading product token (`FooBot/1.2` → `foobot`).
    private static func agentToken(_ value: ArraySlice<UInt8>) -> String {
        if value.first == UInt8(ascii: "*") { return "*" }
        return productToken(String(decoding: value, as: UTF8.self))
    }

    /// The leading run of letters, `-` and `_` (RFC 9309 §2.2.1), lower-cased.
    static func productToken(_ userAgent: String) -> String {
        let token = userAgent.utf8.prefix { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
        }
        return String(decoding: token, as: UTF8.self).lowercased()
    }

    private static func crawlDelay(_ value: ArraySlice<UInt8>) -> Duration? {
        guard value.count <= 32, let seconds = Double(String(decoding: value, as: UTF8.self)),
              seconds.isFinite, seconds >= 0
        else { return nil }
        return .milliseconds(Int((min(seconds, 86_400) * 1000).rounded()))
    }
}
