import NIOSSL

/// Where and how to connect. Build it from a URL (`RedisConfiguration(url:)`) or field by field.
/// `description` never shows the password, so a configuration can be logged.
public struct RedisConfiguration: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    /// The logical database selected on every new connection (`SELECT n` when not 0).
    public var database: Int
    /// Connect with TLS (`rediss://`).
    public var tls: Bool
    /// Certificates and verification for TLS; nil means the system's trust roots with full
    /// verification of `host`.
    public var tlsConfiguration: TLSConfiguration?
    /// Bounds the TCP connect and, separately, the handshake (HELLO, AUTH, SELECT); also how long a
    /// caller waits for a free connection from the pool.
    public var connectTimeout: Duration = .seconds(5)
    /// Default deadline for a reply (per call it can be overridden, e.g. for blocking commands).
    public var commandTimeout: Duration = .seconds(5)
    /// Sent as `CLIENT SETNAME` during the handshake so `CLIENT LIST` shows who is connected.
    public var clientName: String?
    /// Most connections the client keeps (each caller leases one exclusively per call).
    public var poolSize: Int = 8
    public var reconnectBackoff = RedisReconnectBackoff()
    /// When a pooled connection turns out to have been closed by the server while idle (restart,
    /// idle timeout) and not a single reply came back, send the command once more on a new
    /// connection. At-least-once: should the server have run it just before dying, it runs twice.
    /// Set false for at-most-once.
    public var retryOnStaleConnection = true

    public init(
        host: String,
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        tls: Bool = false
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// `redis://[[user]:password@]host[:port][/db]`; `rediss://` selects TLS. User and password
    /// are percent-decoded. Error messages never repeat the password.
    public init(url: String) throws(RedisError) {
        let parsed = try RedisURLParser.parse(url)
        self.init(
            host: parsed.host,
            port: parsed.port,
            username: parsed.username,
            password: parsed.password,
            database: parsed.database,
            tls: parsed.tls
        )
    }

    public var description: String {
        let scheme = tls ? "rediss" : "redis"
        let credentials: String
        switch (username, password) {
        case (let user?, _?): credentials = "\(user):***@"
        case (nil, _?): credentials = ":***@"
        case (let user?, nil): credentials = "\(user)@"
        case (nil, nil): credentials = ""
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(credentials)\(hostPart):\(port)/\(database)"
    }
}
