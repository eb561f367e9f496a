import FetchGuard

/// Limits and manners for every outbound request Spyglass makes.
public struct OutboundHTTPConfiguration: Sendable {
    /// Sent on every request; its leading product token (`SpyglassBot`) is
    /// the name robots.txt rules are matched against.
    public var userAgent: String
    public var connectTimeout: Duration
    /// For one whole request: connecting, sending, and reading the answer.
    public var totalTimeout: Duration
    /// Largest body accepted, after decompression.
    public var maxBodyBytes: Int
    public var maxRedirects: Int
    /// At most one request per host per interval; zero disables.
    public var politenessInterval: Duration
    /// Which destination addresses may be reached.
    public var addressPolicy: AddressPolicy
    public var robotsCacheTTL: Duration
    /// Whether page fetches obey robots.txt. Webhooks never read it.
    public var honourRobots: Bool

    public static let defaultUserAgent = "SpyglassBot/0.1 (+https://github.com/spyglass; change monitor)"

    public init(
        userAgent: String = OutboundHTTPConfiguration.defaultUserAgent,
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(30),
        maxBodyBytes: Int = 5 * 1024 * 1024,
        maxRedirects: Int = 5,
        politenessInterval: Duration = .seconds(1),
        addressPolicy: AddressPolicy = AddressPolicy(),
        robotsCacheTTL: Duration = .seconds(3600),
        honourRobots: Bool = true
    ) {
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.politenessInterval = politenessInterval
        self.addressPolicy = addressPolicy
        self.robotsCacheTTL = robotsCacheTTL
        self.honourRobots = honourRobots
    }

    /// The name robots.txt groups are matched against: the user agent up to
    /// its first `/` or space.
    var robotsProductToken: String {
        String(userAgent.prefix { $0 != "/" && $0 != " " })
    }
}
