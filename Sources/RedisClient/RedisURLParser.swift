import ClientSupport

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
        if URLComponentParser.hasSpaceOrControlCharacter(url) {
            throw invalid("contains spaces or control characters")
        }
        guard case let (scheme, rest)? = URLComponentParser.splitScheme(url) else {
            throw invalid("must start with redis:// or rediss://")
        }
        let tls: Bool
        switch scheme {
        case "redis": tls = false
        case "rediss": tls = true
        default: throw invalid("must start with redis:// or rediss://")
        }
        if rest.contains("?") || rest.contains("#") {
            throw invalid("query parameters and fragments are not supported")
        }

        let (userInfo, authority, path) = URLComponentParser.splitAuthority(rest)
        var username: String?
        var password: String?
        if let userInfo {
            (username, password) = try credentials(userInfo)
        }
        let (host, port) = try URLComponentParser.hostAndPort(authority, defaultPort: defaultPort, invalid: invalid)
        guard !host.isEmpty else { throw invalid("the host is missing") }
        return Parsed(
            tls: tls, host: host, port: port, username: username, password: password,
            database: try database(path ?? ""))
    }

    private static func credentials(_ userInfo: Substring) throws(RedisError) -> (String?, String?) {
        let (user, password) = URLComponentParser.splitUserInfo(userInfo)
        guard let password else {
            throw invalid("a username needs a password (user:password@; any password works for a nopass user)")
        }
        let decodedUser = try URLComponentParser.percentDecoded(user, what: "username", invalid: invalid)
        let decodedPassword = try URLComponentParser.percentDecoded(password, what: "password", invalid: invalid)
        return (decodedUser.isEmpty ? nil : decodedUser, decodedPassword)
    }

    private static func database(_ path: Substring) throws(RedisError) -> Int {
        if path.isEmpty { return 0 }
        guard let database = URLComponentParser.decimal(path, maxDigits: 9) else {
            throw invalid("the path must be a database number, e.g. /0")
        }
        return database
    }

    private static func invalid(_ reason: String) -> RedisError {
        RedisError(.invalidURL, "invalid Redis URL: \(reason)")
    }
}
