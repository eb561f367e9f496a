import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

/// What the API needs from the rest of the system: ports, not adapters.
public struct APIDependencies: Sendable {
    public var storage: any Storage
    public var queue: any JobQueue
    public var clock: any WallClock
    public var intervalPolicy: CheckIntervalPolicy
    public var provisioning: TenantProvisioning
    public var channelTester: ChannelTester
    /// Live notifications for `GET /v1/events`; nil answers 503.
    public var pubSub: (any PubSub)?
    /// Requests per API key; nil leaves the API unlimited.
    public var rateLimiter: (any RateLimiter)?
    public var apiQuota: RateLimitPolicy

    public init(
        storage: any Storage, queue: any JobQueue, clock: any WallClock, intervalPolicy: CheckIntervalPolicy,
        pubSub: (any PubSub)? = nil, rateLimiter: (any RateLimiter)? = nil,
        apiQuota: RateLimitPolicy = RateLimitPolicy(limit: 600, window: .seconds(60))
    ) {
        self.pubSub = pubSub
        self.rateLimiter = rateLimiter
        self.apiQuota = apiQuota
        self.storage = storage
        self.queue = queue
        self.clock = clock
        self.intervalPolicy = intervalPolicy
        self.provisioning = TenantProvisioning(storage: storage)
        self.channelTester = ChannelTester(storage: storage, queue: queue, clock: clock)
    }
}
