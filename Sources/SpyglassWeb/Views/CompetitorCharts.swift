import Foundation
import SpyglassDomain
import SpyglassExtract
import SpyglassPorts

/// The competitor page's charts, from the facts stored with every snapshot:
/// prices per plan, and open positions per jobs page.
struct CompetitorCharts: Sendable {
    /// Snapshots read per monitor, newest first.
    static let snapshotsPerMonitor = 200

    var prices: StepChart
    var jobs: StepChart

    static func load(monitors: [Monitor], store: any TenantStorage, now: Date) async throws -> CompetitorCharts {
        var prices: [String: [(date: Date, value: Double)]] = [:]
        var jobs: [String: [(date: Date, value: Double)]] = [:]
        let decoder = JSONDecoder()
        for monitor in monitors {
            let snapshots = try await store.snapshots(
                monitorID: monitor.id, page: PageRequest(limit: snapshotsPerMonitor)).items
            for snapshot in snapshots {
                guard let facts = try? decoder.decode(ExtractedFacts.self, from: Data(snapshot.factsJSON.utf8)) else { continue }
                var seen: Set<String> = []
                for price in facts.prices where price.kind != .custom {
                    guard let text = price.amount, let amount = Double(text), amount.isFinite else { continue }
                    let name = seriesName(price)
                    // One value per plan and snapshot: the first the page shows.
                    guard seen.insert(name).inserted else { continue }
                    prices[name, default: []].append((snapshot.capturedAt, amount))
                }
                if !facts.jobs.isEmpty {
                    jobs[pageName(monitor.url), default: []].append((snapshot.capturedAt, Double(facts.jobs.count)))
                }
            }
        }
        return CompetitorCharts(
            prices: StepChart(
                id: "price-chart", title: "Prices by plan",
                inputs: prices.map { StepChart.Input(name: $0.key, points: $0.value) }, end: now,
                format: { amount in amount.rounded() == amount ? String(Int(amount)) : String(format: "%.2f", amount) }),
            jobs: StepChart(
                id: "jobs-chart", title: "Open positions",
                inputs: jobs.map { StepChart.Input(name: $0.key, points: $0.value) }, end: now,
                format: { String(Int($0)) }))
    }

    /// "Pro · USD / month".
    static func seriesName(_ price: PriceFact) -> String {
        let unit = [price.currency, price.period.map { $0 == .oneTime ? "once" : $0.rawValue }]
            .compactMap { $0 }.joined(separator: " / ")
        return [price.plan ?? "Price", unit.isEmpty ? nil : unit].compactMap { $0 }.joined(separator: " · ")
    }

    /// A page's address without its scheme, for a legend.
    static func pageName(_ url: String) -> String {
        let trimmed = url.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
        return trimmed.count > 60 ? String(trimmed.prefix(59)) + "…" : trimmed
    }
}
