import Foundation
import Logging
import SpyglassDomain
import SpyglassPorts

/// The deliver job: one attempt of one delivery. Every attempt is recorded; a
/// failed one schedules the next (a new job) with back-off until the retry
/// window (24 h) is over.
public struct DeliverChange: JobHandler {
    let storage: any Storage
    let transport: any WebhookTransport
    /// Nil when no SMTP server is configured: e-mail deliveries then fail with that reason.
    let mail: (any MailTransport)?
    /// Where digests link to (each change, and its verdict buttons); nil: no links.
    let dashboardURL: String?
    let queue: any JobQueue
    let clock: any WallClock
    let backoff: BackoffSchedule
    let retryWindow: Duration
    let logger: Logger

    public init(
        storage: any Storage, transport: any WebhookTransport, mail: (any MailTransport)? = nil,
        dashboardURL: String? = nil, queue: any JobQueue,
        clock: any WallClock = SystemWallClock(), backoff: BackoffSchedule = .deliveries,
        retryWindow: Duration = .seconds(86_400), logger: Logger
    ) {
        self.storage = storage
        self.transport = transport
        self.mail = mail
        self.dashboardURL = dashboardURL
        self.queue = queue
        self.clock = clock
        self.backoff = backoff
        self.retryWindow = retryWindow
        self.logger = logger
    }

    public func handle(_ job: Job) async throws {
        guard let deliveryID = Delivery.ID(job.subjectID) else {
            throw JobFailure("deliver job has no valid delivery id", retryable: false)
        }
        let tenant = storage.scoped(to: job.tenantID)
        // Gone, or already settled by an earlier run of this job: nothing to do.
        guard var delivery = try await tenant.delivery(deliveryID),
              delivery.status == .pending || delivery.status == .retrying else { return }
        let started = clock.now()

        guard let channel = try await tenant.channel(delivery.channelID), channel.enabled else {
            delivery.status = .failed
            delivery.lastError = "the channel was deleted or disabled"
            delivery.nextAttemptAt = nil
            delivery.updatedAt = started
            try await tenant.recordDeliveryAttempt(
                attempt(delivery, at: started, status: nil, error: delivery.lastError), delivery: delivery, retry: nil)
            return
        }

        var statusCode: Int?
        var errorMessage: String?
        var permanent = false
        if channel.kind == .email {
            if let mail {
                do {
                    try await mail.send(try await DigestMail.build(
                        for: delivery, channel: channel, tenant: tenant, dashboardURL: dashboardURL))
                } catch {
                    errorMessage = "the mail server refused or failed: \(error)"
                }
            } else {
                errorMessage = "no mail server is configured (set SPYGLASS_SMTP_URL)"
                permanent = true
            }
        } else {
            let request = try await buildRequest(delivery: delivery, channel: channel, tenant: tenant, now: started)
            do {
                let response = try await transport.post(request)
                statusCode = response.statusCode
                if !response.isSuccess {
                    errorMessage = "receiver answered \(response.statusCode)"
                    // 410 Gone is the receiver asking us to stop.
                    permanent = response.statusCode == 410
                }
            } catch let failure as FetchFailure {
                errorMessage = failure.message
                permanent = failure.code == .addressRefused || failure.code == .invalidURL
            }
        }
        let finished = clock.now()
        delivery.attempts += 1
        delivery.lastStatusCode = statusCode
        delivery.lastError = errorMessage
        delivery.updatedAt = finished
        var retry: Job?
        if errorMessage == nil {
            delivery.status = .succeeded
            delivery.nextAttemptAt = nil
        } else {
            let wait = backoff.delay(forAttempt: delivery.attempts)
            let next = finished.addingTimeInterval(wait.seconds)
            if permanent || next.timeIntervalSince(delivery.createdAt) > retryWindow.seconds {
                delivery.status = .failed
                delivery.nextAttemptAt = nil
            } else {
                delivery.status = .retrying
                delivery.nextAttemptAt = next
                retry = Job.new(
                    tenantID: delivery.tenantID, kind: .deliver, subjectID: delivery.id.rawValue, runAt: next,
                    maxAttempts: 3, now: finished)
            }
        }
        let record = attempt(
            delivery, at: started, status: statusCode, error: errorMessage,
            duration: finished.timeIntervalSince(started))
        try await tenant.recordDeliveryAttempt(record, delivery: delivery, retry: retry)
        logger.info("delivery attempted", metadata: [
            "delivery_id": "\(delivery.id)", "status": "\(delivery.status.rawValue)",
            "http_status": "\(statusCode.map(String.init) ?? "-")",
        ])
    }

    private func attempt(
        _ delivery: Delivery, at date: Date, status: Int?, error: String?, duration: TimeInterval = 0
    ) -> DeliveryAttempt {
        DeliveryAttempt(
            deliveryID: delivery.id, number: max(delivery.attempts, 1), attemptedAt: date, statusCode: status,
            error: error, durationMilliseconds: Int(duration * 1000))
    }

    private func buildRequest(
        delivery: Delivery, channel: AlertChannel, tenant: any TenantStorage, now: Date
    ) async throws -> OutboundPost {
        let change = try await delivery.changeID.asyncMap { try await tenant.change($0) } ?? nil
        let monitor = try await change.asyncMap { try await tenant.monitor($0.monitorID) } ?? nil
        let competitor = try await change.asyncMap { try await tenant.competitor($0.competitorID) } ?? nil
        let context = DeliveryPayload.Context(
            delivery: delivery, change: change, monitor: monitor, competitor: competitor, channel: channel)
        var headers = [HeaderField("Content-Type", "application/json")]
        let body: [UInt8]
        switch channel.kind {
        case .webhook:
            body = try DeliveryPayload.webhookBody(context)
            let timestamp = Int(now.timeIntervalSince1970)
            headers.append(HeaderField(WebhookSignature.headerName,
                                       WebhookSignature.header(body: body, secret: channel.secret, timestamp: timestamp)))
            headers.append(HeaderField("Spyglass-Event-Id", delivery.eventID))
            headers.append(HeaderField("Spyglass-Event-Type", delivery.eventType.rawValue))
        case .slack, .email:
            body = try DeliveryPayload.slackBody(context)
        }
        return OutboundPost(url: channel.url, headers: headers, body: body)
    }
}
