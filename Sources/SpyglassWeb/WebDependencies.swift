import Foundation
import Logging
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

/// What the dashboard needs from the rest of the system: ports, not adapters.
public struct WebDependencies: Sendable {
    /// What a monitor would watch (fetched through the checks' own fetcher); a `MonitorPreview.Failure`
    /// says why there is nothing to show.
    public typealias Preview = @Sendable (Monitor) async throws -> MonitorPreview.Result

    public var storage: any Storage
    public var queue: any JobQueue
    public var clock: any WallClock
    public var intervalPolicy: CheckIntervalPolicy
    /// Live events for the overview; nil: the feed is not live.
    public var pubSub: (any PubSub)?
    /// Counts sign-in attempts per e-mail address and per client address.
    public var rateLimiter: any RateLimiter
    public var preview: Preview?
    public var settings: WebSettings
    public var logger: Logger

    public init(
        storage: any Storage, queue: any JobQueue, clock: any WallClock, intervalPolicy: CheckIntervalPolicy,
        pubSub: (any PubSub)?, rateLimiter: any RateLimiter, preview: Preview?, settings: WebSettings = WebSettings(),
        logger: Logger = Logger(label: "spyglass.web")
    ) {
        self.storage = storage
        self.queue = queue
        self.clock = clock
        self.intervalPolicy = intervalPolicy
        self.pubSub = pubSub
        self.rateLimiter = rateLimiter
        self.preview = preview
        self.settings = settings
        self.logger = logger
    }
}

/// The dashboard's knobs, with production defaults.
public struct WebSettings: Sendable {
    /// Mark cookies `Secure` even when the request did not arrive over TLS (behind a TLS-terminating proxy).
    public var secureCookies: Bool
    public var sessionLifetime: Duration
    public var inviteLifetime: Duration
    public var passwords: PasswordHasher
    /// Sign-in attempts per e-mail address.
    public var signInPerEmail: RateLimitPolicy
    /// Sign-in attempts per client address.
    public var signInPerAddress: RateLimitPolicy

    public static let defaultInviteLifetime: Duration = .seconds(7 * 86_400)

    public init(
        secureCookies: Bool = false, sessionLifetime: Duration = .seconds(7 * 86_400),
        inviteLifetime: Duration = WebSettings.defaultInviteLifetime, passwords: PasswordHasher = PasswordHasher(),
        signInPerEmail: RateLimitPolicy = RateLimitPolicy(limit: 10, window: .seconds(900)),
        signInPerAddress: RateLimitPolicy = RateLimitPolicy(limit: 100, window: .seconds(900))
    ) {
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.inviteLifetime = inviteLifetime
        self.passwords = passwords
        self.signInPerEmail = signInPerEmail
        self.signInPerAddress = signInPerAddress
    }
}
