import AsyncHTTPClient
import Logging
import NIOCore
import SpyglassPorts

/// The one way Spyglass talks to the outside world over HTTP: every request
/// is admitted by the address guard, pinned to the checked address, bounded
/// in time and size, and (for pages) paced per host.
public struct OutboundHTTP: Sendable {
    public let configuration: OutboundHTTPConfiguration
    let resolver: any HostResolver
    let rateLimiter: (any RateLimiter)?
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger

    /// - Parameters:
    ///   - resolver: name resolution for the guard; `getaddrinfo` by default.
    ///   - rateLimiter: paces requests per host (`politeness:<host>`); nil
    ///     means no pacing.
    ///   - eventLoopGroup: shared by the short-lived client of each request.
    public init(
        configuration: OutboundHTTPConfiguration = OutboundHTTPConfiguration(),
        resolver: any HostResolver = SystemHostResolver(),
        rateLimiter: (any RateLimiter)?,
        eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup,
        logger: Logger = Logger(label: "spyglass.fetch")
    ) {
        self.configuration = configuration
        self.resolver = resolver
        self.rateLimiter = rateLimiter
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }
}

/// One request as the core sends it.
struct OutboundRequest: Sendable {
    enum Method: Sendable { case get, post }

    var method: Method
    var headers: [HeaderField]
    var body: [UInt8]?
}

/// How much of a response body to read, decided from its status.
enum BodyReading: Sendable {
    case skip
    /// Past the limit the request fails with `.bodyTooLarge`.
    case failBeyond(Int)
    /// Past the limit the rest is dropped.
    case truncateAt(Int)
}

/// One answer as the core returns it.
struct OutboundReply: Sendable {
    var statusCode: Int
    var headers: [HeaderField]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
