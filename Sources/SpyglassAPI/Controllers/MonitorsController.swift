import Foundation
import Hummingbird
import NoiseFilter
import SpyglassDomain
import SpyglassExtract
import SpyglassIntelligence
import SpyglassHTML
import SpyglassPipeline
import SpyglassPorts

struct MonitorsController {
    let dependencies: APIDependencies
    static let fields: Set<String> = [
        "competitor_id", "url", "kind", "selector", "interval_seconds", "enabled", "noise_rules", "category",
        "significance_threshold", "exclude_selectors",
    ]

    func register(_ routes: RouteRecorder) {
        routes.on(.get, "/v1/monitors", handler: list)
        routes.on(.post, "/v1/monitors", handler: create)
        routes.on(.get, "/v1/monitors/{id}", handler: get)
        routes.on(.patch, "/v1/monitors/{id}", handler: update)
        routes.on(.delete, "/v1/monitors/{id}", handler: delete)
        routes.on(.post, "/v1/monitors/{id}/check", handler: checkNow)
    }

    private func store(_ context: APIRequestContext) throws -> any TenantStorage {
        dependencies.storage.scoped(to: try context.requireTenant())
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let query = Query(request)
        let competitorID: Competitor.ID? = try query.id("competitor_id")
        let page = try await store(context).monitors(competitorID: competitorID, page: try query.page())
        return try JSONResponse.list(page.items.map(Wire.MonitorBody.init), next: page.nextAfter)
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let store = dependencies.storage.scoped(to: tenant)
        var body = try await JSONBody.read(request, allowed: Self.fields)
        let competitorText = body.string("competitor_id", required: true)
        let url = body.string("url", required: true)
        let kindText = body.string("kind")
        let selector = body.string("selector")
        let interval = body.int("interval_seconds") ?? dependencies.intervalPolicy.defaultSeconds
        let enabled = body.bool("enabled") ?? true

        var competitorID: Competitor.ID?
        if let competitorText {
            competitorID = Competitor.ID(competitorText)
            if let id = competitorID, try await store.competitor(id) == nil { competitorID = nil }
            if competitorID == nil { body.add(FieldError(field: "competitor_id", message: "does not name one of your competitors")) }
        }
        if let url { body.add(Validate.webURL(url, field: "url")) }
        let kind = Self.kind(kindText, body: &body) ?? .html
        Self.checkSelector(selector, kind: kind, body: &body)
        body.add(Validate.interval(interval, policy: dependencies.intervalPolicy, field: "interval_seconds"))
        var settings = IntelligenceSettings()
        settings.read(from: &body)
        try body.validate()
        guard let competitorID, let url else { throw APIProblem.internalError() }

        let now = dependencies.clock.now()
        var monitor = Monitor(
            id: .generate(at: now), tenantID: tenant, competitorID: competitorID,
            url: url.trimmingCharacters(in: .whitespaces), kind: kind, selector: Self.nonEmpty(selector),
            intervalSeconds: interval, enabled: enabled, nextCheckAt: now, createdAt: now, updatedAt: now)
        settings.apply(to: &monitor)
        try await store.insertMonitor(monitor)
        return try JSONResponse.make(Wire.MonitorBody(monitor), status: .created)
    }

    @Sendable func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Monitor.ID = try context.parameters.id()
        guard let monitor = try await store(context).monitor(id) else { throw APIProblem.notFound("monitor \(id)") }
        return try JSONResponse.make(Wire.MonitorBody(monitor))
    }

    @Sendable func update(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Monitor.ID = try context.parameters.id()
        let store = try store(context)
        guard var monitor = try await store.monitor(id) else { throw APIProblem.notFound("monitor \(id)") }
        var body = try await JSONBody.read(request, allowed: Self.fields.subtracting(["competitor_id"]))
        if let url = body.string("url") {
            body.add(Validate.webURL(url, field: "url"))
            monitor.url = url.trimmingCharacters(in: .whitespaces)
            // A new URL is a new page: forget the validators of the old one.
            monitor.etag = nil
            monitor.lastModified = nil
        }
        if let kind = Self.kind(body.string("kind"), body: &body) { monitor.kind = kind }
        if case .some(let selector) = body.nullableString("selector") { monitor.selector = Self.nonEmpty(selector) }
        Self.checkSelector(monitor.selector, kind: monitor.kind, body: &body)
        if let interval = body.int("interval_seconds") {
            body.add(Validate.interval(interval, policy: dependencies.intervalPolicy, field: "interval_seconds"))
            monitor.intervalSeconds = interval
        }
        if let enabled = body.bool("enabled") { monitor.enabled = enabled }
        var settings = IntelligenceSettings()
        settings.read(from: &body)
        try body.validate()
        settings.apply(to: &monitor)
        monitor.updatedAt = dependencies.clock.now()
        guard try await store.updateMonitor(monitor) else { throw APIProblem.notFound("monitor \(id)") }
        return try JSONResponse.make(Wire.MonitorBody(monitor))
    }

    @Sendable func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Monitor.ID = try context.parameters.id()
        guard try await store(context).deleteMonitor(id) else { throw APIProblem.notFound("monitor \(id)") }
        return JSONResponse.noContent()
    }

    /// Queues a check now; 202 with the job. A check already queued is returned instead of a second one.
    @Sendable func checkNow(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: Monitor.ID = try context.parameters.id()
        guard let monitor = try await store(context).monitor(id) else { throw APIProblem.notFound("monitor \(id)") }
        let job = try await dependencies.queue.enqueue(Scheduler.checkJob(for: monitor, now: dependencies.clock.now()))
        return try JSONResponse.make(Wire.JobBody(job), status: .accepted)
    }

    static func kind(_ text: String?, body: inout JSONBody) -> Monitor.Kind? {
        guard let text else { return nil }
        guard let kind = Monitor.Kind(rawValue: text) else {
            body.add(FieldError(field: "kind", message: "must be one of: html, feed, json, sitemap"))
            return nil
        }
        return kind
    }

    static func checkSelector(_ selector: String?, kind: Monitor.Kind, body: inout JSONBody) {
        guard let selector = nonEmpty(selector), let problem = SelectorCheck.problem(selector, kind: kind) else { return }
        body.add(FieldError(field: "selector", message: problem))
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}

/// The intelligence fields of a monitor: noise rules, a pinned category and
/// the significance threshold below which nothing is delivered.
struct IntelligenceSettings {
    var noiseRules: String??
    var category: String??
    var threshold: Int?
    var excludeSelectors: [String]?

    mutating func read(from body: inout JSONBody) {
        if let selectors = body.stringArray("exclude_selectors") {
            if selectors.count > 50 {
                body.add(FieldError(field: "exclude_selectors", message: "must have at most 50 selectors"))
            }
            for selector in selectors {
                do {
                    _ = try PageSelector(parsing: selector).xpath()
                } catch {
                    body.add(FieldError(field: "exclude_selectors", message: "\"\(selector)\" is not a valid selector: \(error.message)"))
                }
            }
            excludeSelectors = selectors
        }
        if case .some(let data) = body.objectData("noise_rules") {
            if let data {
                let decoder = JSONDecoder()
                decoder.keyDecodingStrategy = .convertFromSnakeCase
                do {
                    let rules = try decoder.decode(NoiseRules.self, from: data)
                    try NoiseFilter.validate(rules)
                    // Stored in the API's own snake_case shape, as clients sent it.
                    let encoder = JSONEncoder()
                    encoder.keyEncodingStrategy = .convertToSnakeCase
                    encoder.outputFormatting = .sortedKeys
                    noiseRules = .some((try? encoder.encode(rules)).map { String(decoding: $0, as: UTF8.self) })
                } catch let error as NoiseRuleError {
                    body.add(FieldError(field: "noise_rules", message: error.message))
                } catch {
                    body.add(FieldError(field: "noise_rules", message:
                        "must be {ignore_text: [..], ignore_patterns: [..], triggers: [{event, text|regex}], counters_are_noise, built_in_rules}"))
                }
            } else {
                noiseRules = .some(nil)
            }
        }
        if case .some(let value) = body.nullableString("category") {
            if let value, ChangeCategory(rawValue: value) == nil {
                body.add(FieldError(field: "category", message: "must be one of: product, pricing, people, marketing, customers, or null"))
            } else {
                category = .some(value)
            }
        }
        if let value = body.int("significance_threshold") {
            if (0...100).contains(value) {
                threshold = value
            } else {
                body.add(FieldError(field: "significance_threshold", message: "must be from 0 to 100"))
            }
        }
    }

    func apply(to monitor: inout Monitor) {
        if case .some(let rules) = noiseRules {
            monitor.noiseRulesJSON = rules
            // History recorded under other rules would mislead the filter.
            monitor.versionHistoryJSON = nil
        }
        if case .some(let category) = category { monitor.pinnedCategory = category }
        if let threshold { monitor.significanceThreshold = threshold }
        if let excludeSelectors { monitor.excludeSelectors = excludeSelectors }
    }
}
