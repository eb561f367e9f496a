/// Parses `amqp://[user[:password]@]host[:port][/vhost][?heartbeat=s&connection_timeout=ms]` as
/// RabbitMQ's URI spec describes it: user, password and vhost are percent-decoded, an empty path
/// means the vhost "/", and "%2F" spells "/" (a raw "/" inside the vhost is not allowed).
/// Messages describe what is wrong without quoting any part of the URL: a typo can put the
/// password where the port or host should be, and error messages end up in logs.
enum AMQPURLParser {
    struct Parsed: Equatable {
        var host: String
        var port: Int
        var username: String
        var password: String
        var virtualHost: String
        var heartbeat: Duration?
        var connectTimeout: Duration?
    }

    static let defaultPort = 5672

    static func parse(_ url: String) throws(AMQPClientError) -> Parsed {
        if url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) {
            throw invalid("contains spaces or control characters")
        }
        guard let schemeEnd = url.firstRange(of: "://") else {
            throw invalid("must start with amqp://")
        }
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "amqp": break
        case "amqps": throw invalid("amqps:// (TLS) is not supported by this client")
        default: throw invalid("must start with amqp://")
        }
        var rest = url[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") {
            rest = rest[..<hash]
        }
        var query: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }

        // The last "@" ends the credentials, so a password with an unencoded "@" still works.
        var username = "guest"
        var password = "guest"
        var hostAndPath = rest
        if let at = rest.lastIndex(of: "@") {
            (username, password) = try credentials(rest[..<at])
            hostAndPath = rest[rest.index(after: at)...]
        }

        var authority = hostAndPath
        var path: Substring?
        if let slash = hostAndPath.firstIndex(of: "/") {
            authority = hostAndPath[..<slash]
            path = hostAndPath[hostAndPath.index(after: slash)...]
        }
        let (host, port) = try hostAndPort(authority)
        var parsed = Parsed(
            host: host, port: port, username: username, password: password, virtualHost: try virtualHost(path))
        try applyQuery(query, to: &parsed)
        return parsed
    }

    private static func credentials(_ userInfo: Substring) throws(AMQPClientError) -> (String, String) {
        guard let colon = userInfo.firstIndex(of: ":") else {
            return (try percentDecoded(userInfo, what: "username"), "")
        }
        let user = try percentDecoded(userInfo[..<colon], what: "username")
        let password = try percentDecoded(userInfo[userInfo.index(after: colon)...], what: "password")
        return (user, password)
    }

    private static func hostAndPort(_ authority: Substring) throws(AMQPClientError) -> (String, Int) {
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
            // RabbitMQ's URI spec: an empty host means the default one.
            if host.isEmpty { host = "localhost" }
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

    private static func virtualHost(_ path: Substring?) throws(AMQPClientError) -> String {
        guard let path, !path.isEmpty else { return "/" }
        guard !path.contains("/") else {
            throw invalid("the virtual host must be one path segment (write a '/' inside it as %2F)")
        }
        return try percentDecoded(path, what: "virtual host")
    }

    private static func applyQuery(_ query: Substring, to parsed: inout Parsed) throws(AMQPClientError) {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            let value = parts.count == 2 ? parts[1] : ""
            switch name {
            case "heartbeat":
                guard let seconds = decimal(value, maxDigits: 5), seconds <= Int(UInt16.max) else {
                    throw invalid("heartbeat must be a number of seconds (0 to 65535)")
                }
                parsed.heartbeat = .seconds(seconds)
            case "connection_timeout":
                guard let milliseconds = decimal(value, maxDigits: 9), milliseconds > 0 else {
                    throw invalid("connection_timeout must be a positive number of milliseconds")
                }
                parsed.connectTimeout = .milliseconds(milliseconds)
            default:
                throw invalid("unsupported query parameter (supported: heartbeat, connection_timeout)")
            }
        }
    }

    /// Plain ASCII digits only (no sign, no spaces), at most `maxDigits`, so the value always fits.
    private static func decimal(_ text: Substring, maxDigits: Int) -> Int? {
        guard !text.isEmpty, text.count <= maxDigits, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int(text)
    }

    private static func percentDecoded(_ text: Substring, what: String) throws(AMQPClientError) -> String {
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

    private static func invalid(_ reason: String) -> AMQPClientError {
        AMQPClientError(.badURL, "invalid AMQP URL: \(reason)")
    }
}
