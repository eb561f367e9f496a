import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassExtract
import SpyglassPipeline
import SpyglassPorts

/// Facts over time for one competitor: its price series and its open-job
/// counts, read from the facts stored with every snapshot.
struct TrendsController {
    let dependencies: APIDependencies
    /// Snapshots read per monitor, newest first; older history needs paging (not offered yet).
    static let snapshotsPerMonitor = 1_000

    func register(_ routes: RouteRecorder) {
        routes.on(.get, "/v1/competitors/{id}/prices", handler: prices)
        routes.on(.get, "/v1/competitors/{id}/jobs", handler: jobs)
        routes.on(.get, "/v1/competitors/{id}/activity", handler: activity)
    }

    /// One week of one category in the activity projection (fed by `change.detected` events).
    struct ActivityPoint: Encodable, Sendable {
        var weekStart: String
        @Nullable var category: String?
        var changes: Int
        var significantChanges: Int
    }

    /// Changes per week and category, oldest week first: the activity projection's counters,
    /// which follow the event bus (a change counts once it has been consumed).
    @Sendable func activity(_ request: Request, context: APIRequestContext) async throws -> Response {
        let store = dependencies.storage.scoped(to: try context.requireTenant())
        let id: Competitor.ID = try context.parameters.id()
        guard try await store.competitor(id) != nil else { throw APIProblem.notFound("competitor \(id)") }
        let weeks = try await store.activity(competitorID: id, since: nil)
            .sorted { ($0.weekStart, $0.category ?? "") < ($1.weekStart, $1.category ?? "") }
        let points = weeks.map {
            ActivityPoint(
                weekStart: String(Timestamp.format($0.weekStart).prefix(10)), category: $0.category,
                changes: $0.changes, significantChanges: $0.significantChanges)
        }
        return try JSONResponse.list(points, next: nil)
    }

    struct PricePoint: Encodable, Sendable {
        var monitorId: String
        var snapshotId: String
        var capturedAt: Date
        @Nullable var plan: String?
        @Nullable var amount: String?
        @Nullable var currency: String?
        @Nullable var period: String?
        var kind: String
    }

    struct JobCountPoint: Encodable, Sendable {
        var monitorId: String
        var snapshotId: String
        var capturedAt: Date
        var count: Int
        var titles: [String]
    }

    @Sendable func prices(_ request: Request, context: APIRequestContext) async throws -> Response {
        let points = try await snapshotFacts(request, context: context).flatMap { snapshot, facts in
            facts.prices.map {
                PricePoint(monitorId: snapshot.monitorID.rawValue, snapshotId: snapshot.id.rawValue,
                           capturedAt: snapshot.capturedAt, plan: $0.plan, amount: $0.amount, currency: $0.currency,
                           period: $0.period.map { $0 == .oneTime ? "one-time" : $0.rawValue }, kind: $0.kind.rawValue)
            }
        }
        return try JSONResponse.list(points, next: nil)
    }

    @Sendable func jobs(_ request: Request, context: APIRequestContext) async throws -> Response {
        let points = try await snapshotFacts(request, context: context).compactMap { snapshot, facts -> JobCountPoint? in
            guard !facts.jobs.isEmpty else { return nil }
            return JobCountPoint(monitorId: snapshot.monitorID.rawValue, snapshotId: snapshot.id.rawValue,
                                 capturedAt: snapshot.capturedAt, count: facts.jobs.count,
                                 titles: facts.jobs.map(\.title))
        }
        return try JSONResponse.list(points, next: nil)
    }

    /// Every snapshot of the competitor's monitors with its facts, oldest first.
    private func snapshotFacts(
        _ request: Request, context: APIRequestContext
    ) async throws -> [(Snapshot, ExtractedFacts)] {
        let store = dependencies.storage.scoped(to: try context.requireTenant())
        let id: Competitor.ID = try context.parameters.id()
        guard try await store.competitor(id) != nil else { throw APIProblem.notFound("competitor \(id)") }
        var result: [(Snapshot, ExtractedFacts)] = []
        var monitorsPage = PageRequest(limit: PageRequest.maximumLimit)
        while true {
            let monitors = try await store.monitors(competitorID: id, page: monitorsPage)
            for monitor in monitors.items {
                var page = PageRequest(limit: PageRequest.maximumLimit)
                var read = 0
                while read < Self.snapshotsPerMonitor {
                    let snapshots = try await store.snapshots(monitorID: monitor.id, page: page)
                    for snapshot in snapshots.items {
                        if let facts = try? JSONDecoder().decode(ExtractedFacts.self, from: Data(snapshot.factsJSON.utf8)) {
                            result.append((snapshot, facts))
                        }
                    }
                    read += snapshots.items.count
                    guard let next = snapshots.nextAfter else { break }
                    page = PageRequest(limit: PageRequest.maximumLimit, after: next)
                }
            }
            guard let next = monitors.nextAfter else { break }
            monitorsPage = PageRequest(limit: PageRequest.maximumLimit, after: next)
        }
        return result.sorted { $0.0.capturedAt < $1.0.capturedAt }
    }
}
