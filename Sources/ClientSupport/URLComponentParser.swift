/// The pieces of `scheme://[userinfo@]host[:port][/path]` that client URLs share: splitting,
/// IPv6 brackets, ports and percent-decoding. What a scheme allows beyond that (query parameters,
/// what the path means, defaults for missing parts) stays with each client's own parser.
///
/// A failure throws `invalid(reason)`, the caller's own error. The reason never quotes the URL:
/// a typo can put the password where the host or port should be, and messages end up in logs.
public enum URLComponentParser {
    /// True when `url` contains a space, a control character or DEL, none of which a URL may hold.
    public static func hasSpaceOrControlCharacter(_ url: String) -> Bool {
        url.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F }
    }

    /// The scheme, lowercased, and everything after "://"; nil when there is no "://".
    public static func splitScheme(_ url: String) -> (scheme: String, rest: Substring)? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        return (url[..<schemeEnd.lowerBound].lowercased(), url[schemeEnd.upperBound...])
    }

    /// Splits what follows "://" (query and fragment already removed) into the user info, the
    /// authority (host and port) and the path after its leading "/" (nil when there is no "/").
    /// The last "@" ends the user info, so a password with an unencoded "@" still works.
    public static func splitAuthority(
        _ rest: Substring
    ) -> (userInfo: Substring?, authority: Substring, path: Substring?) {
        var userInfo: Substring?
        var hostAndPath = rest
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            hostAndPath = rest[rest.index(after: at)...]
        }
        guard let slash = hostAndPath.firstIndex(of: "/") else { return (userInfo, hostAndPath, nil) }
        return (userInfo, hostAndPath[..<slash], hostAndPath[hostAndPath.index(after: slash)...])
    }

    /// "user:password" split at the first ":" (a password may contain more); the password is nil
    /// when there is no ":". Neither part is decoded yet.
    public static func splitUserInfo(_ userInfo: Substring) -> (user: Substring, password: Substring?) {
        guard let colon = userInfo.firstIndex(of: ":") else { return (userInfo, nil) }
        return (userInfo[..<colon], userInfo[userInfo.index(after: colon)...])
    }

    /// The host and port of `host[:port]` or `[IPv6][:port]` (brackets removed), `defaultPort`
    /// when there is none. A host name may hold only ASCII letters, digits, '-', '.' and '_'.
    /// The host is empty for an authority like ":6379": the caller decides what that means.
    public static func hostAndPort<Failure: Error>(
        _ authority: Substring,
        defaultPort: Int,
        invalid: (_ reason: String) -> Failure
    ) throws(Failure) -> (host: String, port: Int) {
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw invalid("an IPv6 address must be closed with ]")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw invalid("expected :port after the IPv6 address") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw invalid("the IPv6 address is not valid")
            }
        } else {
            host = authority
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            }
            guard host.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || "-._".contains($0) }) else {
                throw invalid("the host may contain only letters, digits, '-', '.' and '_'")
            }
        }
        guard let portText else { return (String(host), defaultPort) }
        guard let port = decimal(portText, maxDigits: 5), (1...65535).contains(port) else {
            throw invalid("the port must be a number from 1 to 65535")
        }
        return (String(host), port)
    }

    /// Plain ASCII digits only (no sign, no spaces), at most `maxDigits`, so the value always fits.
    public static func decimal(_ text: Substring, maxDigits: Int) -> Int? {
        guard !text.isEmpty, text.count <= maxDigits, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int(text)
    }

    /// `text` with every "%XX" replaced by its byte, which must then be UTF-8. `what` names the
    /// part in the message ("username", "password" …); the text itself is never quoted.
    public static func percentDecoded<Failure: Error>(
        _ text: Substring,
        what: String,
        invalid: (_ reason: String) -> Failure
    ) throws(Failure) -> String {
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next().flatMap(hexValue), let low = utf8.next().flatMap(hexValue) else {
                throw invalid("the \(what) has an invalid percent-encoding (use %XX with two hex digits)")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw invalid("the \(what) is not valid UTF-8 after percent-decoding")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
