import Foundation
import Logging
import NoiseFilter
import SpyglassDomain
import SpyglassExtract
import SpyglassIntelligence
import SpyglassPorts

/// The check job: collect → normalise → detect (noise, facts, category,
/// significance) → store, and queue a delivery per enabled channel when a
/// change matters enough. Everything the check produced is stored in one
/// transaction, so a crash leaves either all of it or none.
public struct CheckMonitor: JobHandler {
    let storage: any Storage
    let fetcher: any PageFetcher
    let analyzer = ChangeAnalyzer()
    let deltaBuilder = DeltaBuilder()
    let clock: any WallClock
    let events: LiveEvents
    let queue: any JobQueue
    let logger: Logger

    public init(
        storage: any Storage, fetcher: any PageFetcher, queue: any JobQueue, clock: any WallClock = SystemWallClock(),
        events: LiveEvents, logger: Logger
    ) {
        self.storage = storage
        self.fetcher = fetcher
        self.queue = queue
        self.clock = clock
        self.events = events
        self.logger = logger
    }

    public func handle(_ job: Job) async throws {
        guard let monitorID = Monitor.ID(job.subjectID) else {
            throw JobFailure("check job has no valid monitor id", retryable: false)
        }
        let tenant = storage.scoped(to: job.tenantID)
        // A monitor deleted since the job was queued: nothing to do.
        guard var monitor = try await tenant.monitor(monitorID) else { return }
        let startedAt = clock.now()

        let fetched: FetchResult
        do {
            fetched = try await fetcher.fetch(
                FetchRequest(url: monitor.url, etag: monitor.etag, lastModified: monitor.lastModified))
        } catch let failure as FetchFailure {
            try await record(.failed, monitor: &monitor, job: job, startedAt: startedAt, in: tenant,
                             errorCode: failure.code.description, reason: failure.message)
            // Transient failures are retried by the queue; decisions (refused,
            // robots) are final for this check and wait for the next schedule.
            if failure.isTransient { throw JobFailure(failure.message, retryable: true) }
            return
        }

        guard case .fetched(let document) = fetched else {
            try await record(.notModified, monitor: &monitor, job: job, startedAt: startedAt, in: tenant)
            return
        }

        var intelligence = MonitorIntelligence(monitor)
        let lines: [String]
        do {
            lines = try analyzer.lines(of: document.body, context: intelligence.context)
        } catch {
            try await record(.failed, monitor: &monitor, job: job, startedAt: startedAt, in: tenant,
                             errorCode: error.code, reason: error.message)
            return
        }
        monitor.etag = document.etag
        monitor.lastModified = document.lastModified
        try await store(lines: lines, document: document.body, intelligence: &intelligence, monitor: monitor, job: job,
                        startedAt: startedAt, in: tenant)
    }

    private func store(
        lines: [String], document: [UInt8], intelligence: inout MonitorIntelligence, monitor original: Monitor,
        job: Job, startedAt: Date, in tenant: any TenantStorage
    ) async throws {
        var monitor = original
        let now = clock.now()
        let text = lines.joined(separator: "\n")
        let hash = Secrets.sha256Hex(text)
        let previous = try await monitor.lastSnapshotID.asyncMap { try await tenant.snapshot($0) } ?? nil

        // Same hash as the last version: unchanged, no diff needed.
        if let previous, previous.contentHash == hash {
            try await record(.unchanged, monitor: &monitor, job: job, startedAt: startedAt, in: tenant,
                             snapshotID: previous.id)
            return
        }

        // Facts are extracted only when the content moved (an unchanged page skips the second parse).
        let facts = analyzer.facts(of: document, context: intelligence.context)
        let snapshot = Snapshot(
            id: .generate(at: now), tenantID: monitor.tenantID, monitorID: monitor.id, contentHash: hash,
            byteCount: text.utf8.count, capturedAt: now, factsJSON: MonitorIntelligence.json(facts) ?? "{}")
        var outcome = CheckRun.Outcome.baseline
        var change: Change?
        var suppressedJSON = "[]"
        var deliveries: [(Delivery, Job)] = []
        if let previous, let previousText = try await tenant.snapshotText(previous.id) {
            let previousLines = previousText.isEmpty ? [] : previousText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let verdict = intelligence.filter.evaluate(
                previous: previousLines, current: lines, history: intelligence.context.history)
            let deltas = deltaBuilder.deltas(
                from: MonitorIntelligence.facts(previous.factsJSON) ?? ExtractedFacts(), to: facts)
            let assessment = analyzer.assess(
                oldLines: previousLines, newLines: lines, verdict: verdict, deltas: deltas,
                context: intelligence.context, diffNames: (previous.id.rawValue, snapshot.id.rawValue))
            suppressedJSON = MonitorIntelligence.json(assessment.suppressed) ?? "[]"
            if assessment.changed {
                outcome = .changed
                let newChange = Change(
                    id: .generate(at: now), tenantID: monitor.tenantID, monitorID: monitor.id,
                    competitorID: monitor.competitorID, previousSnapshotID: previous.id, snapshotID: snapshot.id,
                    added: assessment.added, removed: assessment.removed,
                    diff: assessment.diff,
                    summary: assessment.summary, detectedAt: now, category: assessment.category?.rawValue,
                    confidence: assessment.confidence, significance: assessment.significance,
                    reasons: assessment.reasons, deltasJSON: MonitorIntelligence.json(assessment.deltas) ?? "[]",
                    suppressedJSON: suppressedJSON)
                change = newChange
                // Below the monitor's threshold a change is kept but nobody is paged.
                if newChange.significance >= monitor.significanceThreshold {
                    deliveries = try await DeliveryPlanner.plan(for: newChange, in: tenant, now: now)
                }
            } else {
                outcome = verdict.outcome == .reverted ? .reverted : .noiseOnly
            }
        }
        monitor.versionHistoryJSON = intelligence.record(lines)
        monitor.lastSnapshotID = snapshot.id
        monitor.lastCheckedAt = now
        monitor.updatedAt = now
        let run = CheckRun(
            id: .generate(at: now), tenantID: monitor.tenantID, monitorID: monitor.id, jobID: job.id, outcome: outcome,
            snapshotID: snapshot.id, changeID: change?.id, suppressedJSON: suppressedJSON, startedAt: startedAt,
            finishedAt: now)
        // The events commit with the check (the outbox); the change is announced live once stored.
        let changeDetected = try change.map { try CheckEvents.changeDetected($0, run: run) }
        let domainEvents = [try CheckEvents.snapshotCaptured(snapshot, run: run)] + (changeDetected.map { [$0] } ?? [])
        try await tenant.recordCheck(
            CheckResult(run: run, monitor: monitor, snapshot: snapshot, snapshotText: text, change: change,
                        deliveries: deliveries, events: domainEvents))
        if !deliveries.isEmpty { queue.notifyEnqueued() }
        await events.checkFinished(run)
        if let changeDetected { await events.announce(changeDetected) }
        logger.info("check finished", metadata: ["monitor_id": "\(monitor.id)", "outcome": "\(outcome.rawValue)"])
    }

    private func record(
        _ outcome: CheckRun.Outcome, monitor: inout Monitor, job: Job, startedAt: Date, in tenant: any TenantStorage,
        errorCode: String? = nil, reason: String? = nil, snapshotID: Snapshot.ID? = nil
    ) async throws {
        let now = clock.now()
        monitor.lastCheckedAt = now
        monitor.updatedAt = now
        let run = CheckRun(
            id: .generate(at: now), tenantID: monitor.tenantID, monitorID: monitor.id, jobID: job.id, outcome: outcome,
            errorCode: errorCode, reason: reason, snapshotID: snapshotID, startedAt: startedAt, finishedAt: now)
        try await tenant.recordCheck(CheckResult(run: run, monitor: monitor))
        await events.checkFinished(run)
        logger.info("check finished", metadata: [
            "monitor_id": "\(monitor.id)", "outcome": "\(outcome.rawValue)", "reason": "\(reason ?? "")",
        ])
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): return try await transform(value)
        case .none: return nil
        }
    }
}
