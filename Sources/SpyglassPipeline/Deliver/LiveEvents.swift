import Foundation
import Logging
import SpyglassDomain
import SpyglassPorts

/// Announces what the pipeline did: durable domain events on the event bus
/// (for other services) and fire-and-forget notifications on pub/sub (for
/// live dashboards). Neither may fail a check that is already stored.
public struct LiveEvents: Sendable {
    let bus: any EventBus
    let pubSub: any PubSub
    let logger: Logger

    public init(bus: any EventBus, pubSub: any PubSub, logger: Logger) {
        self.bus = bus
        self.pubSub = pubSub
        self.logger = logger
    }

    public static func channel(for tenant: Tenant.ID) -> String { "tenant.\(tenant.rawValue).events" }

    func changeDetected(_ change: Change) async {
        await emit(type: "change.detected", tenant: change.tenantID, subject: change.id.rawValue,
                   body: Wire.ChangeBody(change), at: change.detectedAt, durable: true)
    }

    /// Live only: every check finishes one, and no service needs them kept (the
    /// check itself is stored), so they never fill the durable event log.
    func checkFinished(_ run: CheckRun) async {
        await emit(type: "check.finished", tenant: run.tenantID, subject: run.monitorID.rawValue,
                   body: Wire.CheckBody(run), at: run.finishedAt, durable: false)
    }

    private func emit(
        type: String, tenant: Tenant.ID, subject: String, body: some Encodable, at date: Date, durable: Bool
    ) async {
        let envelope = Envelope(id: "evt_" + UUID().uuidString.lowercased(), type: type, createdAt: date, data: body)
        guard let payload = try? Wire.encoder().encode(envelope) else { return }
        let event = DomainEvent(
            id: envelope.id, type: type, tenantID: tenant.rawValue, subjectID: subject, occurredAt: date,
            payload: Array(payload))
        do {
            if durable { try await bus.publish(event) }
        } catch {
            logger.warning("publishing an event failed", metadata: ["type": "\(type)", "error": "\(error)"])
        }
        do {
            try await pubSub.publish(channel: Self.channel(for: tenant), message: Array(payload))
        } catch {
            logger.warning("announcing an event failed", metadata: ["type": "\(type)", "error": "\(error)"])
        }
    }

    struct Envelope<Body: Encodable>: Encodable {
        var id: String
        var type: String
        var createdAt: Date
        var data: Body
    }
}
