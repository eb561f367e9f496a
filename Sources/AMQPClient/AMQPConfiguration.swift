/// Where and how to connect. Build it from a URL (`AMQPConfiguration(url:)`) or field by field.
/// `description` never shows the password, so a configuration can be logged.
public struct AMQPConfiguration: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String
    public var virtualHost: String
    /// The heartbeat proposed to the broker (the smaller non-zero of the two wins; zero turns
    /// heartbeats off only if the broker agrees). A peer silent for twice this long is dead.
    public var heartbeat: Duration = .seconds(10)
    /// Shown by the broker (`rabbitmqctl list_connections client_properties`, management UI).
    public var connectionName: String = "swift-amqp-client"
    /// Bounds the TCP connect and, separately, the AMQP handshake.
    public var connectTimeout: Duration = .seconds(10)
    /// How long a synchronous request (declare, bind, qos …) waits for its reply, and how long
    /// `AMQPClient` operations wait for a connection while it is (re)connecting.
    public var requestTimeout: Duration = .seconds(30)
    /// The waits between reconnect attempts of `AMQPClient`: exponential from `min` to `max`,
    /// jittered.
    public var reconnectDelay: (min: Duration, max: Duration) = (.milliseconds(100), .seconds(10))
    /// The largest frame proposed to the broker (bytes, including the 8 bytes of frame overhead).
    public var maxFrameSize: UInt32 = 131_072
    /// The most channels proposed to the broker.
    public var channelMax: UInt16 = 2047
    /// Messages whose announced body is larger close the connection (a bound on memory).
    public var maxMessageSize: UInt64 = 128 * 1024 * 1024

    public init(
        host: String = "localhost",
        port: Int = 5672,
        username: String = "guest",
        password: String = "guest",
        virtualHost: String = "/"
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.virtualHost = virtualHost
    }

    /// `amqp://user:password@host:port/vhost` (RabbitMQ's URI spec): percent-decoded, "%2F" is
    /// the vhost "/", an empty path is "/", the port defaults to 5672 and the credentials to
    /// guest/guest. Query parameters `heartbeat` (seconds) and `connection_timeout`
    /// (milliseconds) are understood. Throws `.badURL`; messages never repeat the password.
    public init(url: String) throws {
        let parsed = try AMQPURLParser.parse(url)
        self.init(
            host: parsed.host, port: parsed.port, username: parsed.username, password: parsed.password,
            virtualHost: parsed.virtualHost)
        if let heartbeat = parsed.heartbeat { self.heartbeat = heartbeat }
        if let connectTimeout = parsed.connectTimeout { self.connectTimeout = connectTimeout }
    }

    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let vhost = virtualHost == "/" ? "%2F" : virtualHost
        return "amqp://\(username):***@\(hostPart):\(port)/\(vhost)"
    }
}
