/// Parses `redis://[[user]:password@]host[:port][/db]` (and `rediss://`). Messages describe what is
/// wrong without quoting any part of the URL: a typo can put the password where the port or host
/// should be, and error messages end up in logs.
enum RedisURLParser {
    struct Parsed: Equatable {
        var tls: Bool
        var host: String
        var port: Int
        var username: String?
        var password: String?
        var database: Int
    }

    static let defaultPort = 6379

    static func parse(_ url: String) throws(RedisError) -> Parsed {
        if url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) {
            throw invalid("contains spaces or control characters")
        }
        guard let schemeEnd = url.firstRange(of: "://") else {
            throw invalid("must start with redis:// or rediss://")
        }
        let tls: Bool
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "redis": tls = false
        case "rediss": tls = true
        default: throw invalid("must start with redis:// or rediss://")
        }
        let rest = url[schemeEnd.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw invalid("query parameters and fragments are not supported")
        }

        // The last "@" ends the credentials, so a password with an unencoded "@" still works.
        var username: String?
        var password: String?
        let hostAndPath: Substring
        if let at = rest.lastIndex(of: "@") {
            (username, password) = try credentials(rest[..<at])
            hostAndPath = rest[rest.index(after: at)...]
        } else {
            hostAndPath = rest
        }

        let authority: Substring
        let path: Substring
        if let slash = hostAndPath.firstIndex(of: "/") {
            authority = hostAndPath[..<slash]
            path = hostAndPath[hostAndPath.index(after: slash)...]
        } else {
            authority = hostAndPath
            path = ""
        }
        let (host, port) = try hostAndPort(authority)
        return Parsed(
            tls: tls, host: host, port: port, username: username, password: password,
            database: try database(path))
    }

    private static func credentials(_ userInfo: Substring) throws(RedisError) -> (String?, String?) {
        guard let colon = userInfo.firstIndex(of: ":") else {
            throw invalid("a username needs a password (user:password@; any password works for a nopass user)")
        }
        let user = try percentDecoded(userInfo[..<colon], what: "username")
        let password = try percentDecoded(userInfo[userInfo.index(after: colon)...], what: "password")
        return (user.isEmpty ? nil : user, password)
    }

    private static func hostAndPort(_ authority: Substring) throws(RedisError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw invalid("an IPv6 address must be closed with ]")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected characters after the IPv6 address") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw invalid("the IPv6 address is not valid")
            }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            } else {
                host = authority
            }
            guard !host.isEmpty else { throw invalid("the host is missing") }
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

    private static func database(_ path: Substring) throws(RedisError) -> Int {
        if path.isEmpty { return 0 }
        guard let database = decimal(path, maxDigits: 9) else {
            throw invalid("the path must be a database number, e.g. /0")
        }
        return database
    }

    /// Plain ASCII digits only (no sign, no spaces), at most `maxDigits`, so the value always fits.
    private static func decimal(_ text: Substring, maxDigits: Int) -> Int? {
        guard !text.isEmpty, text.count <= maxDigits, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int(text)
    }

    private static func percentDecoded(_ text: Substring, what: String) throws(RedisError) -> String {
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

    private static func invalid(_ reason: String) -> RedisError {
        RedisError(.invalidURL, "invalid Redis URL: \(reason)")
    }
}
