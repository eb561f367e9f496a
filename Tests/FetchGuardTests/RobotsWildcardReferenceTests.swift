import FetchGuard
import Testing

/// Checks the wildcard matcher against a plain recursive one on paths long
/// enough to span several 64-bit words.
@Suite struct RobotsWildcardReferenceTests {
    /// Textbook glob matching with `*` and a final `$`, as a prefix match.
    private func referenceMatches(_ pattern: [Character], _ path: [Character]) -> Bool {
        var pattern = pattern
        let anchored = pattern.last == "$"
        if anchored { pattern.removeLast() }
        var memo: [Int: Bool] = [:]
        func match(_ p: Int, _ s: Int) -> Bool {
            let key = p * (path.count + 1) + s
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count {
                result = anchored ? s == path.count : true
            } else if pattern[p] == "*" {
                result = match(p + 1, s) || (s < path.count && match(p, s + 1))
            } else {
                result = s < path.count && path[s] == pattern[p] && match(p + 1, s + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    @Test func agreesWithReference() {
        let paths = [
            "/" + String(repeating: "a", count: 70) + "b" + String(repeating: "a", count: 70),
            "/" + String(repeating: "ab", count: 100) + ".php",
            "/" + String(repeating: "a", count: 63),
            "/" + String(repeating: "a", count: 64),
            "/" + String(repeating: "a", count: 127) + "b",
            "/x",
        ]
        let patterns = [
            "/*b", "/*b$", "/*a$", "/a*a*a*b*a$", "/*.php$", "/*.php", "/*ab*ab*ab*.php$", "/**a", "/*b*b*b*b",
            "/" + String(repeating: "a", count: 64) + "*", "/" + String(repeating: "a", count: 63) + "$",
            "/*" + String(repeating: "a", count: 65) + "$", "/*x", "/x*$", "*", "*$", "/$",
        ]
        var checked = 0
        for path in paths {
            for pattern in patterns {
                let robots = RobotsTxt(parsing: "User-agent: *\nDisallow: \(pattern)\n")
                let expected = referenceMatches(Array(pattern), Array(path))
                #expect(robots.isAllowed(path: path, userAgent: "x") == !expected, "\(pattern) vs \(path.prefix(20))…")
                checked += 1
            }
        }
        #expect(checked == paths.count * patterns.count)
    }
}
