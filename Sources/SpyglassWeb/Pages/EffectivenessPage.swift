import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// `/effectiveness`: is the watching worth it? Per week and competitor, the changes by category,
/// the share marked useful and how fast alerts went out; and the monitors that mostly produce noise.
struct EffectivenessPage {
    let kit: PageKit

    struct Model: Sendable {
        var chrome: Chrome
        var rows: [EffectivenessReport.Row]
        var empty: Bool
        var noisy: [EffectivenessReport.NoisyMonitor]
        var noNoisy: Bool
        var weeks: Int
        var minimumMarks: Int
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/effectiveness", use: show)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        let store = kit.store(signedIn)
        let outcomes = try await store.changeOutcomes(since: EffectivenessReport.windowStart(now: kit.now))
        var competitors: [Competitor.ID: String] = [:]
        for id in Set(outcomes.map(\.competitorID)) {
            if let competitor = try await store.competitor(id) { competitors[id] = competitor.name }
        }
        var monitors: [Monitor.ID: Monitor] = [:]
        for id in Set(outcomes.filter { $0.noise > 0 }.map(\.monitorID)) {
            if let monitor = try await store.monitor(id) { monitors[id] = monitor }
        }
        let report = EffectivenessReport(outcomes: outcomes, competitors: competitors, monitors: monitors)
        let model = Model(
            chrome: try await kit.chrome(signedIn, title: "Effectiveness", nav: .effectiveness, request: request),
            rows: report.rows, empty: report.rows.isEmpty, noisy: report.noisy, noNoisy: report.noisy.isEmpty,
            weeks: EffectivenessReport.weeks, minimumMarks: EffectivenessReport.noisyMinimumMarks)
        return try kit.page("effectiveness", model)
    }
}
