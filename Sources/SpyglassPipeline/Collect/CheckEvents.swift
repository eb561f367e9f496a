import Foundation
import SpyglassDomain
import SpyglassPorts

/// The domain events a check announces. They are built before the check's result
/// is stored and go into the same transaction (the outbox), so an event exists
/// exactly when what it announces does. Every payload is the webhook envelope
/// `{id, type, created_at, data}`; the correlation id is the check run's, the
/// causation id the job's that ran it.
public enum CheckEvents {
    /// `change.detected`, about the change; `data` is the change as the API shows it.
    public static func changeDetected(_ change: Change, run: CheckRun) throws -> DomainEvent {
        try event(
            type: "change.detected", subject: change.id.rawValue, body: Wire.ChangeBody(change), at: change.detectedAt,
            run: run)
    }

    /// `snapshot.captured`, about the monitor: `data` is `{snapshot_id, monitor_id, content_hash}`.
    public static func snapshotCaptured(_ snapshot: Snapshot, run: CheckRun) throws -> DomainEvent {
        try event(
            type: "snapshot.captured", subject: snapshot.monitorID.rawValue, body: SnapshotCapturedBody(snapshot),
            at: snapshot.capturedAt, run: run)
    }

    private static func event(
        type: String, subject: String, body: some Encodable, at date: Date, run: CheckRun
    ) throws -> DomainEvent {
        let envelope = EventEnvelope(type: type, createdAt: date, data: body)
        return DomainEvent(
            id: envelope.id, type: type, tenantID: run.tenantID.rawValue, subjectID: subject, occurredAt: date,
            correlationID: run.id.rawValue, causationID: run.jobID?.rawValue,
            payload: Array(try Wire.encoder().encode(envelope)))
    }

    struct SnapshotCapturedBody: Encodable {
        var snapshotId: String
        var monitorId: String
        var contentHash: String

        init(_ snapshot: Snapshot) {
            snapshotId = snapshot.id.rawValue
            monitorId = snapshot.monitorID.rawValue
            contentHash = snapshot.contentHash
        }
    }
}

/// An event as webhooks and live subscribers see it.
struct EventEnvelope<Body: Encodable>: Encodable {
    var id: String
    var type: String
    var createdAt: Date
    var data: Body

    init(type: String, createdAt: Date, data: Body) {
        self.id = "evt_" + UUID().uuidString.lowercased()
        self.type = type
        self.createdAt = createdAt
        self.data = data
    }
}
