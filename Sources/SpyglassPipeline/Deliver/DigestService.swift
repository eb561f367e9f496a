import Foundation
import Logging
import ServiceLifecycle
import SpyglassDomain
import SpyglassPorts

/// Queues the e-mail digest of every channel whose period is over. The digest
/// itself is sent by the deliver job, so it gets the same retries and attempt
/// log as any other delivery.
public struct DigestService: Service {
    let storage: any Storage
    let queue: any JobQueue
    let clock: any WallClock
    let tick: Duration
    let logger: Logger

    public init(
        storage: any Storage, queue: any JobQueue, clock: any WallClock = SystemWallClock(),
        tick: Duration = .seconds(60), logger: Logger
    ) {
        self.storage = storage
        self.queue = queue
        self.clock = clock
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: tick, logger: logger, failure: "queueing digests failed") { _ = try await queueDueDigests() }
    }

    /// One pass; returns how many digests were queued.
    public func queueDueDigests() async throws -> Int {
        let now = clock.now()
        let due = try await storage.dueDigestChannels(now: now, limit: 100)
        for var channel in due {
            let tenant = storage.scoped(to: channel.tenantID)
            let (delivery, job) = DeliveryPlanner.newDelivery(
                tenantID: channel.tenantID, channelID: channel.id, changeID: nil, type: .digest, now: now)
            try await tenant.insertDelivery(delivery, job: job)
            channel.lastDigestAt = now
            channel.updatedAt = now
            _ = try await tenant.updateChannel(channel)
        }
        if !due.isEmpty { queue.notifyEnqueued() }
        return due.count
    }
}

/// Builds the e-mail of a delivery to an e-mail channel.
enum DigestMail {
    static let maximumChanges = 500

    static func build(
        for delivery: Delivery, channel: AlertChannel, tenant: any TenantStorage, dashboardURL: String? = nil
    ) async throws -> OutboundMail {
        let composer = DigestComposer(dashboardURL: dashboardURL)
        switch delivery.eventType {
        case .channelTest:
            return OutboundMail(
                to: channel.emailAddresses, subject: "Spyglass test message",
                text: "This address receives Spyglass digests (\(channel.digest?.rawValue ?? "daily")).", html: nil)
        case .digest, .changeDetected:
            let period = channel.digest ?? .daily
            let until = delivery.createdAt
            let since = until.addingTimeInterval(-period.seconds)
            var changes: [Change] = []
            var page = PageRequest(limit: PageRequest.maximumLimit)
            var competitors: [Competitor.ID: Competitor] = [:]
            var monitors: [Monitor.ID: Monitor] = [:]
            while changes.count < maximumChanges {
                let batch = try await tenant.changes(filter: ChangeFilter(since: since, until: until), page: page)
                for change in batch.items {
                    if competitors[change.competitorID] == nil {
                        competitors[change.competitorID] = try await tenant.competitor(change.competitorID)
                    }
                    if monitors[change.monitorID] == nil { monitors[change.monitorID] = try await tenant.monitor(change.monitorID) }
                    if channel.routing.accepts(change, competitor: competitors[change.competitorID]) {
                        changes.append(change)
                    }
                }
                guard let next = batch.nextAfter else { break }
                page = PageRequest(limit: PageRequest.maximumLimit, after: next)
            }
            let digest = composer.compose(
                changes: changes, competitors: competitors, monitors: monitors, periodName: period.rawValue,
                workspace: channel.name)
            return OutboundMail(to: channel.emailAddresses, subject: digest.subject, text: digest.text, html: digest.html)
        }
    }
}
