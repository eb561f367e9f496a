import Foundation
import SpyglassDomain
import SpyglassExtract
import SpyglassPipeline

/// What the new-monitor form holds, as typed (strings: it is shown again on an error).
struct MonitorDraft: Sendable {
    var competitorID = ""
    var url = ""
    var kind = Monitor.Kind.html.rawValue
    var selector = ""
    var intervalMinutes: Int

    init(intervalMinutes: Int) {
        self.intervalMinutes = intervalMinutes
    }

    init(form: FormBody) {
        competitorID = form["competitor_id"] ?? ""
        url = form["url"] ?? ""
        kind = form["kind"] ?? Monitor.Kind.html.rawValue
        selector = form["selector"] ?? ""
        intervalMinutes = form["interval_minutes"].flatMap(Int.init) ?? -1
    }

    var parsedKind: Monitor.Kind? { Monitor.Kind(rawValue: kind) }

    func problems(policy: CheckIntervalPolicy) -> [String] {
        var problems: [String] = []
        if let problem = Validate.webURL(url, field: "url") { problems.append("The page's address \(problem.message).") }
        if let kind = parsedKind {
            if !selector.isEmpty, let problem = SelectorCheck.problem(selector, kind: kind) {
                problems.append("The selector \(problem).")
            }
        } else {
            problems.append("Choose what kind of page this is.")
        }
        let seconds = intervalMinutes.multipliedReportingOverflow(by: 60)
        if seconds.overflow || intervalMinutes < 0 {
            problems.append("Enter how often to check, in minutes.")
        } else if let problem = Validate.interval(seconds.partialValue, policy: policy, field: "interval") {
            problems.append("The check interval \(problem.message).")
        }
        return problems
    }

    func monitor(id: Monitor.ID, tenant: Tenant.ID, competitor: Competitor.ID, now: Date) -> Monitor {
        Monitor(
            id: id, tenantID: tenant, competitorID: competitor, url: url, kind: parsedKind ?? .html,
            selector: selector.isEmpty ? nil : selector, intervalSeconds: intervalMinutes * 60, enabled: true,
            nextCheckAt: now, createdAt: now, updatedAt: now)
    }
}

struct MonitorFormModel: Sendable {
    var chrome: Chrome
    var competitors: [SelectOption]
    var noCompetitors: Bool
    var kinds: [SelectOption]
    var url: String
    var selector: String
    var intervalMinutes: Int
    var errors: [String]
    var preview: PreviewView?

    init(chrome: Chrome, draft: MonitorDraft, competitors: [Competitor], errors: [String], preview: PreviewView?) {
        self.chrome = chrome
        self.competitors = SelectOption.competitors(competitors) { $0.rawValue == draft.competitorID }
        noCompetitors = competitors.isEmpty
        let labels: [Monitor.Kind: String] = [
            .html: "Web page (HTML)", .feed: "Feed (RSS, Atom, JSON Feed)", .json: "JSON endpoint", .sitemap: "Sitemap",
        ]
        kinds = Monitor.Kind.allCases.map {
            SelectOption(value: $0.rawValue, label: labels[$0] ?? $0.rawValue, selected: $0.rawValue == draft.kind)
        }
        url = draft.url
        selector = draft.selector
        intervalMinutes = max(draft.intervalMinutes, 1)
        self.errors = errors
        self.preview = preview
    }
}

/// A preview's result as the form shows it.
struct PreviewView: Sendable {
    struct Fact: Sendable {
        var label: String
        var value: String
    }

    var failure: String?
    var ok: Bool
    var finalURL: String
    var status: Int
    var lines: [String]
    var lineCount: Int
    var truncated: Bool
    var facts: [Fact]
    var noFacts: Bool

    init(failure: String) {
        self.failure = failure
        ok = false
        finalURL = ""
        status = 0
        lines = []
        lineCount = 0
        truncated = false
        facts = []
        noFacts = true
    }

    init(_ result: MonitorPreview.Result, lineLimit: Int) {
        failure = nil
        ok = true
        finalURL = result.finalURL
        status = result.statusCode
        lines = Array(result.lines.prefix(lineLimit))
        lineCount = result.lines.count
        truncated = result.lines.count > lineLimit
        facts = Self.facts(result.facts)
        noFacts = facts.isEmpty
    }

    static func facts(_ facts: ExtractedFacts) -> [Fact] {
        var list: [Fact] = []
        for price in facts.prices.prefix(50) {
            list.append(Fact(label: price.plan.map { "Price · \($0)" } ?? "Price", value: price.text))
        }
        for plan in facts.plans.prefix(30) {
            list.append(Fact(label: "Plan", value: ([plan.name] + plan.features.prefix(5)).joined(separator: " · ")))
        }
        if !facts.jobs.isEmpty {
            list.append(Fact(label: "Open positions", value: String(facts.jobs.count)))
            for job in facts.jobs.prefix(20) {
                list.append(Fact(label: "Job", value: [job.title, job.location].compactMap { $0 }.joined(separator: " · ")))
            }
        }
        for item in facts.items.prefix(20) { list.append(Fact(label: "Feed item", value: item.title)) }
        if !facts.sitemapURLs.isEmpty { list.append(Fact(label: "Sitemap URLs", value: String(facts.sitemapURLs.count))) }
        if let title = facts.meta.title { list.append(Fact(label: "Title", value: title)) }
        if let description = facts.meta.description { list.append(Fact(label: "Description", value: description)) }
        for headline in facts.headlines.prefix(10) { list.append(Fact(label: "Headline", value: headline)) }
        return list
    }
}
