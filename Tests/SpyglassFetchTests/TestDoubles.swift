import FetchGuard
import SpyglassFetch
import SpyglassPorts
import Testing

/// Resolves names from a table and remembers what it was asked.
actor StubResolver: HostResolver {
    private let table: [String: [IPAddress]]
    private(set) var lookups: [String] = []

    init(_ table: [String: [String]] = [:]) {
        self.table = table.mapValues { $0.compactMap(IPAddress.init) }
    }

    func resolve(host: String) async throws -> [IPAddress] {
        lookups.append(host)
        guard let addresses = table[host] else { throw FetchFailure(.network, "could not resolve \(host)") }
        return addresses
    }
}

/// Grants everything, except that it refuses the first `refusals` requests
/// once each, and records every key it is asked about.
actor RecordingLimiter: RateLimiter {
    private var refusalsLeft: Int
    private(set) var keys: [String] = []
    private(set) var policies: [RateLimitPolicy] = []

    init(refusals: Int = 0) {
        self.refusalsLeft = refusals
    }

    func acquire(key: String, policy: RateLimitPolicy) async throws -> RateLimitDecision {
        keys.append(key)
        policies.append(policy)
        if refusalsLeft > 0 {
            refusalsLeft -= 1
            return RateLimitDecision(allowed: false, remaining: 0, retryAfter: .milliseconds(20))
        }
        return RateLimitDecision(allowed: true, remaining: 0, retryAfter: .zero)
    }
}

enum TestHTTP {
    static let loopbackOnly = AddressPolicy(allowedNetworks: [CIDRBlock("127.0.0.1/32")].compactMap { $0 })

    static func configuration(
        maxBodyBytes: Int = 64 * 1024,
        totalTimeout: Duration = .seconds(10),
        honourRobots: Bool = true,
        politenessInterval: Duration = .zero,
        robotsCacheTTL: Duration = .seconds(3600)
    ) -> OutboundHTTPConfiguration {
        OutboundHTTPConfiguration(
            connectTimeout: .seconds(5),
            totalTimeout: totalTimeout,
            maxBodyBytes: maxBodyBytes,
            politenessInterval: politenessInterval,
            addressPolicy: loopbackOnly,
            robotsCacheTTL: robotsCacheTTL,
            honourRobots: honourRobots
        )
    }

    static func fetcher(
        _ configuration: OutboundHTTPConfiguration = configuration(),
        resolver: any HostResolver = StubResolver(),
        limiter: (any RateLimiter)? = nil
    ) -> HTTPPageFetcher {
        HTTPPageFetcher(http: OutboundHTTP(configuration: configuration, resolver: resolver, rateLimiter: limiter))
    }

    /// The failure `operation` throws; records an issue if it throws none or another kind.
    static func failure<T>(
        _ operation: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation
    ) async -> FetchFailure? {
        do {
            let value = try await operation()
            Issue.record("expected a FetchFailure, got \(value)", sourceLocation: sourceLocation)
        } catch let failure as FetchFailure {
            return failure
        } catch {
            Issue.record("expected a FetchFailure, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }
}
