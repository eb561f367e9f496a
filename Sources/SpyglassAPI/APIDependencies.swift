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

    public init(storage: any Storage, queue: any JobQueue, clock: any WallClock, intervalPolicy: CheckIntervalPolicy) {
        self.storage = storage
        self.queue = queue
        self.clock = clock
        self.intervalPolicy = intervalPolicy
        self.provisioning = TenantProvisioning(storage: storage)
        self.channelTester = ChannelTester(storage: storage, queue: queue, clock: clock)
    }
}
