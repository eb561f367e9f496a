import ClientSupport

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
        if URLComponentParser.hasSpaceOrControlCharacter(url) {
            throw invalid("contains spaces or control characters")
        }
        guard case (let scheme, var rest)? = URLComponentParser.splitScheme(url) else {
            throw invalid("must start with amqp://")
        }
        switch scheme {
        case "amqp": break
        case "amqps": throw invalid("amqps:// (TLS) is not supported by this client")
        default: throw invalid("must start with amqp://")
        }
        if let hash = rest.firstIndex(of: "#") {
            rest = rest[..<hash]
        }
        var query: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }

        let (userInfo, authority, path) = URLComponentParser.splitAuthority(rest)
        var username = "guest"
        var password = "guest"
        if let userInfo {
            (username, password) = try credentials(userInfo)
        }
        var (host, port) = try URLComponentParser.hostAndPort(authority, defaultPort: defaultPort, invalid: invalid)
        // RabbitMQ's URI spec: an empty host means the default one.
        if host.isEmpty { host = "localhost" }
        var parsed = Parsed(
            host: host, port: port, username: username, password: password, virtualHost: try virtualHost(path))
        try applyQuery(query, to: &parsed)
        return parsed
    }

    private static func credentials(_ userInfo: Substring) throws(AMQPClientError) -> (String, String) {
        let (user, password) = URLComponentParser.splitUserInfo(userInfo)
        return (
            try URLComponentParser.percentDecoded(user, what: "username", invalid: invalid),
            try URLComponentParser.percentDecoded(password ?? "", what: "password", invalid: invalid)
        )
    }

    private static func virtualHost(_ path: Substring?) throws(AMQPClientError) -> String {
        guard let path, !path.isEmpty else { return "/" }
        guard !path.contains("/") else {
            throw invalid("the virtual host must be one path segment (write a '/' inside it as %2F)")
        }
        return try URLComponentParser.percentDecoded(path, what: "virtual host", invalid: invalid)
    }

    private static func applyQuery(_ query: Substring, to parsed: inout Parsed) throws(AMQPClientError) {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            let value = parts.count == 2 ? parts[1] : ""
            switch name {
            case "heartbeat":
                guard let seconds = URLComponentParser.decimal(value, maxDigits: 5), seconds <= Int(UInt16.max) else {
                    throw invalid("heartbeat must be a number of seconds (0 to 65535)")
                }
                parsed.heartbeat = .seconds(seconds)
            case "connection_timeout":
                guard let milliseconds = URLComponentParser.decimal(value, maxDigits: 9), milliseconds > 0 else {
                    throw invalid("connection_timeout must be a positive number of milliseconds")
                }
                parsed.connectTimeout = .milliseconds(milliseconds)
            default:
                throw invalid("unsupported query parameter (supported: heartbeat, connection_timeout)")
            }
        }
    }

    private static func invalid(_ reason: String) -> AMQPClientError {
        AMQPClientError(.badURL, "invalid AMQP URL: \(reason)")
    }
}
