import Foundation
import SpyglassDomain
import SpyglassPorts

/// Decides who hears about a change: every enabled channel whose routing
/// rule accepts it (a new channel accepts everything).
enum DeliveryPlanner {
    static func plan(for change: Change, in tenant: any TenantStorage, now: Date) async throws -> [(Delivery, Job)] {
        var planned: [(Delivery, Job)] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        let competitor = try await tenant.competitor(change.competitorID)
        while true {
            let channels = try await tenant.channels(page: page)
            // E-mail channels hear about changes in their digest, not one by one.
            for channel in channels.items
            where channel.enabled && channel.kind != .email && channel.routing.accepts(change, competitor: competitor) {
                planned.append(newDelivery(
                    tenantID: change.tenantID, channelID: channel.id, changeID: change.id, type: .changeDetected,
                    now: now))
            }
            guard let next = channels.nextAfter else { return planned }
            page = PageRequest(limit: PageRequest.maximumLimit, after: next)
        }
    }

    static func newDelivery(
        tenantID: Tenant.ID, channelID: AlertChannel.ID, changeID: Change.ID?, type: Delivery.EventType, now: Date
    ) -> (Delivery, Job) {
        let id = Delivery.ID.generate(at: now)
        let delivery = Delivery(
            id: id, tenantID: tenantID, channelID: channelID, changeID: changeID,
            eventID: "evt_" + id.rawValue.dropFirst(Delivery.idPrefix.count + 1), eventType: type, status: .pending,
            attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now)
        let job = Job.new(tenantID: tenantID, kind: .deliver, subjectID: id.rawValue, runAt: now, maxAttempts: 3, now: now)
        return (delivery, job)
    }
}

/// Queues a test event to a channel (`POST /v1/channels/{id}/test`).
public struct ChannelTester: Sendable {
    let storage: any Storage
    let queue: any JobQueue
    let clock: any WallClock

    public init(storage: any Storage, queue: any JobQueue, clock: any WallClock = SystemWallClock()) {
        self.storage = storage
        self.queue = queue
        self.clock = clock
    }

    public func sendTest(to channel: AlertChannel) async throws -> Delivery {
        let (delivery, job) = DeliveryPlanner.newDelivery(
            tenantID: channel.tenantID, channelID: channel.id, changeID: nil, type: .channelTest, now: clock.now())
        try await storage.scoped(to: channel.tenantID).insertDelivery(delivery, job: job)
        queue.notifyEnqueued()
        return delivery
    }
}
