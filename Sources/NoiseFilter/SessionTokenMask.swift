/// CSRF tokens, nonces, session ids and other machine-made random strings.
enum SessionTokenMask {
    static let placeholder = "⟦token⟧"

    /// `csrf_token=…`, `X-CSRF-Token: …`, `nonce="…"`, `PHPSESSID=…`, `sid=…`. The value must
    /// look generated (letters and digits, or 16+ characters): "Session: Keynote" stays.
    private static let keyValue = #"\b((?:[a-z0-9]+[_-])*(?:csrf|xsrf|nonce|token|session|sessionid|sessid|sid|phpsessid|jsessionid|csrfmiddlewaretoken|request[_-]?id|trace[_-]?id|correlation[_-]?id|etag)(?:[_-][a-z0-9]+)*)("?\s*(?:=|:\s?)\s*["']?)([a-z0-9+/_.%=~\\"-]{8,})"#
    private static let uuid = #"(?<![0-9a-f-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])"#
    private static let hex = #"(?<![A-Za-z0-9+/_-])[0-9A-Fa-f]{16,}(?![A-Za-z0-9+/_-])"#
    private static let base64 = #"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])"#

    private static let keys: [Needle] = ["csrf", "xsrf", "nonce", "token", "sess", "sid", "request", "trace", "correlation", "etag"]
    private static let hyphen: Needle = "-"

    static let rule = MaskingRule(rule: .sessionToken, patterns: [
        MaskingPattern(keyValue, when: { $0.containsAny(keys) }) { match in
            guard let value = match.group(3) else { return nil }
            let hasDigit = value.contains(where: \.isNumber), hasLetter = value.contains(where: \.isLetter)
            guard (hasDigit && hasLetter) || value.utf8.count >= 16 else { return nil }
            return match.replacing(group: 3, with: placeholder)
        },
        MaskingPattern(uuid, when: { $0.longestHexRun >= 12 && $0.contains(hyphen) }, placeholder: placeholder),
        MaskingPattern(hex, caseInsensitive: false, when: { $0.longestHexRun >= 16 }) { match in
            TokenShape.isHexToken(Substring(match.whole)) ? placeholder : nil
        },
        MaskingPattern(base64, caseInsensitive: false, when: { $0.hasDigit && $0.longestTokenRun >= 20 }) { match in
            TokenShape.looksRandom(Substring(match.whole)) ? placeholder : nil
        },
    ].compactMap { $0 })

    static let patternCount = 4
}
