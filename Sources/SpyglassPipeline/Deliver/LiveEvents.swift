import Foundation
import Logging
import SpyglassDomain
import SpyglassPorts

/// Fire-and-forget notifications on pub/sub for live dashboards, sent after a
/// check is stored. The durable domain events are not sent here: they commit
/// with the check (`CheckEvents`, the outbox). Nothing here may fail a check
/// that is already stored.
public struct LiveEvents: Sendable {
    let pubSub: any PubSub
    let logger: Logger

    public init(pubSub: any PubSub, logger: Logger) {
        self.pubSub = pubSub
        self.logger = logger
    }

    public static func channel(for tenant: Tenant.ID) -> String { "tenant.\(tenant.rawValue).events" }

    /// A stored domain event, live too: the same envelope (and event id) as the durable one.
    func announce(_ event: DomainEvent) async {
        await send(event.payload, type: event.type, tenant: Tenant.ID(trusted: event.tenantID))
    }

    /// Live only: every check finishes one, and no service needs them kept (the
    /// check itself is stored), so they never fill the durable event log.
    func checkFinished(_ run: CheckRun) async {
        let envelope = EventEnvelope(type: "check.finished", createdAt: run.finishedAt, data: Wire.CheckBody(run))
        guard let payload = try? Wire.encoder().encode(envelope) else { return }
        await send(Array(payload), type: envelope.type, tenant: run.tenantID)
    }

    private func send(_ payload: [UInt8], type: String, tenant: Tenant.ID) async {
        do {
            try await pubSub.publish(channel: Self.channel(for: tenant), message: payload)
        } catch {
            logger.warning("announcing an event failed", metadata: ["type": "\(type)", "error": "\(error)"])
        }
    }
}
