import Foundation
import HTTPTypes
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
@testable import SpyglassWeb
import Testing
import TextDiff

@Suite("Pages")
struct PageTests {
    static let pricingPage = """
        <html><head><title>Rival pricing</title></head><body><main>
        <h1>Plans for every team</h1>
        <section class="plans"><div class="plan"><h2>Pro</h2><p class="price">$49 per month</p></div></section>
        </main></body></html>
        """

    @Test("the overview lists changes across competitors, newest first, and filters them")
    func overview() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, _, seed in
            let acme = try await seed.competitor("Acme Rival")
            let globex = try await seed.competitor("Globex")
            let start = Date()
            let pricing = try await seed.change(
                try await seed.monitor(acme), before: "Pro $49", after: "Pro $59", summary: "Pro went up to $59",
                significance: 80, at: start)
            let hiring = try await seed.change(
                try await seed.monitor(globex, url: "https://globex.example/jobs"), before: "3 jobs", after: "5 jobs",
                summary: "Two new engineering jobs", category: "people", significance: 30, at: start.addingTimeInterval(5))

            let all = try await browser.get("/")
            #expect(all.contains(#"id="feed""#))
            #expect(all.contains("Pro went up to $59"))
            #expect(all.contains("Two new engineering jobs"))
            #expect(all.contains(#"href="/changes/\#(pricing.id)""#))
            let newest = try #require(all.html.range(of: "Two new engineering jobs"))
            let older = try #require(all.html.range(of: "Pro went up to $59"))
            #expect(newest.lowerBound < older.lowerBound)
            #expect(all.contains(#"data-live-url="/app/events?since="#))

            let byCompetitor = try await browser.get("/?competitor=\(globex.id)")
            #expect(byCompetitor.contains("Two new engineering jobs"))
            #expect(!byCompetitor.contains("Pro went up to $59"))
            #expect(byCompetitor.contains(#"data-live-url="/app/events?competitor=\#(globex.id)&amp;since="#))
            let byCategory = try await browser.get("/?category=pricing")
            #expect(byCategory.contains("Pro went up to $59"))
            #expect(!byCategory.contains("Two new engineering jobs"))
            let significant = try await browser.get("/?min_significance=50")
            #expect(!significant.contains("Two new engineering jobs"))
            let ranked = try await browser.get("/?sort=significance")
            let top = try #require(ranked.html.range(of: "Pro went up to $59"))
            let next = try #require(ranked.html.range(of: "Two new engineering jobs"))
            #expect(top.lowerBound < next.lowerBound)
            #expect(!ranked.contains("data-live-url"), "a ranked list does not grow at the top")
            // Nonsense filters are ignored, not errors.
            let nonsense = try await browser.get("/?competitor=%3Cscript%3E&category=bogus&min_significance=-4&sort=x")
            #expect(nonsense.status == .ok)
            #expect(nonsense.contains("Two new engineering jobs"))
            _ = hiring
        }
    }

    @Test("most significant first ranks every change, 50 a page, with a link to the next page")
    func rankedPages() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, _, seed in
            let monitor = try await seed.monitor(try await seed.competitor("Rival"))
            let start = Date().addingTimeInterval(-3_600)
            for index in 0..<55 {
                try await seed.change(monitor, before: "v\(index)", after: "v\(index + 1)", summary: "Change \(index)",
                                      significance: index == 3 ? 99 : index % 40, at: start.addingTimeInterval(Double(index)))
            }
            let first = try await browser.get("/?sort=significance")
            #expect(first.contains(#"id="ranked-note">All changes, most significant first; 1 to 50 shown."#))
            let top = try #require(first.html.range(of: ">Change 3<"))
            #expect(first.html.range(of: ">Change 39<").map { top.lowerBound < $0.lowerBound } == true,
                    "the oldest change, most significant, comes first")
            #expect(first.contains(#"href="/?sort=significance&amp;page=1">Less significant changes</a>"#))
            #expect(!first.contains("data-live-url"))
            let second = try await browser.get("/?sort=significance&page=1")
            #expect(second.contains("51 to 55 shown."))
            #expect(!second.contains("feed-older"))
            #expect(second.html.components(separatedBy: #"<li class="feed-item"#).count - 1 == 5)
            #expect(try await browser.get("/?sort=significance&page=-3").contains("1 to 50 shown."))
            #expect(try await browser.get("/?sort=significance&page=999999").status == .ok)
        }
    }

    @Test("a competitor page shows its monitors' status and its changes by category; check now queues a check")
    func competitor() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, store, seed in
            let rival = try await seed.competitor("Rival")
            let monitor = try await seed.monitor(rival)
            try await seed.change(monitor, before: "Pro $49", after: "Pro $59", summary: "Pro went up")
            var failing = try await seed.monitor(rival, url: "https://rival.example/blocked")
            failing.lastCheckedAt = Date()
            try await store.recordCheck(CheckResult(
                run: seed.run(failing, .failed, error: "the address 10.0.0.1 is private", at: Date()), monitor: failing))

            let page = try await browser.get("/competitors/\(rival.id)")
            #expect(page.status == .ok)
            #expect(page.contains(#"id="monitor-\#(monitor.id)""#))
            #expect(page.contains("https://rival.example/blocked"))
            #expect(page.contains("address_refused: the address 10.0.0.1 is private"))
            #expect(page.contains(#"data-category="pricing""#))
            #expect(page.contains("Pro went up"))
            #expect(page.contains(#"id="check-now-\#(monitor.id)""#))

            let queued = try await browser.post("/monitors/\(monitor.id)/check")
            #expect(queued.status == .seeOther)
            #expect(queued.location == "/competitors/\(rival.id)?notice=check-queued")
            let jobs = try await harness.queue.jobs(tenant: store.tenantID, status: .queued, page: .init()).items
            #expect(jobs.map(\.subjectID) == [monitor.id.rawValue])
            #expect(try await browser.get(queued.location ?? "/").contains("A check is queued"))

            #expect(try await browser.get("/competitors/cmp_nothere").status == .notFound)
            #expect(try await browser.get("/competitors/\(Competitor.ID.generate())").status == .notFound)
        }
    }

    @Test("new monitor: the preview shows the text and facts that will be watched, then save stores it and checks it")
    func previewThenSave() async throws {
        let url = "https://rival.example/pricing"
        let harness = try await WebHarness(fetcher: StubFetcher(pages: [url: Self.pricingPage]))
        try await harness.run { browser in
            try await browser.setUpOwner()
            try await browser.get("/competitors")
            let created = try await browser.post("/competitors", [("name", "Rival")])
            let competitorID = try #require(created.location?.split(separator: "/").last?.split(separator: "?").first)
            let form = try await browser.get("/monitors/new?competitor=\(competitorID)")
            #expect(form.contains(#"id="preview-button""#))
            #expect(form.contains(#"<option value="\#(competitorID)" selected>"#))

            let fields = [("competitor_id", String(competitorID)), ("url", url), ("kind", "html"), ("selector", "main"),
                          ("interval_minutes", "60")]
            let preview = try await browser.post("/monitors", fields + [("action", "preview")])
            #expect(preview.status == .ok)
            #expect(preview.contains(#"id="preview-result""#))
            #expect(preview.contains("Plans for every team"))
            #expect(preview.contains("$49"))
            #expect(preview.contains(#"id="preview-facts""#))
            #expect(preview.contains(#"value="\#(url)""#))

            let refused = try await browser.post("/monitors", [
                ("competitor_id", String(competitorID)), ("url", "https://internal.example/"), ("kind", "html"),
                ("interval_minutes", "60"), ("action", "preview"),
            ])
            #expect(refused.contains(#"id="preview-error""#))
            #expect(refused.contains("is not allowed"))

            let badSelector = try await browser.post("/monitors", fields.map { $0.0 == "selector" ? ("selector", "div[") : $0 }
                + [("action", "save")])
            #expect(badSelector.status == .unprocessableContent)
            #expect(badSelector.contains("The selector is not a valid selector"))

            let saved = try await browser.post("/monitors", fields + [("action", "save")])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/competitors/\(competitorID)?notice=monitor-created")
        }
        let tenant = try #require(await harness.storage.firstTenant())
        let monitors = try await harness.storage.scoped(to: tenant.id).monitors(competitorID: nil, page: .init()).items
        #expect(monitors.map(\.url) == [url])
        #expect(monitors.first?.selector == "main")
        #expect(monitors.first?.intervalSeconds == 3_600)
        #expect(try await harness.queue.jobs(tenant: tenant.id, status: .queued, page: .init()).items.count == 1)
    }

    @Test("the change page shows before and after with highlights, the deltas, the verdict and the noise")
    func changePage() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, _, seed in
            let monitor = try await seed.monitor(try await seed.competitor("Rival"))
            let change = try await seed.change(
                monitor, before: "Plans\nPro $49 per month\nTeam $99", after: "Plans\nPro $59 per month\nTeam $99",
                summary: "Pro: $49 → $59", reasons: ["price of Pro rose 20.4%", "pricing page"])
            let page = try await browser.get("/changes/\(change.id)")
            #expect(page.status == .ok)
            #expect(page.contains(#"id="diff-side-by-side""#))
            #expect(page.contains(#"id="diff-inline""#))
            #expect(page.contains("<del>Pro $49 per month</del>"))
            #expect(page.contains("<ins>Pro $59 per month</ins>"))
            #expect(page.contains(#"<li class="delta">"#))
            #expect(page.contains("Pro: $49 → $59 per month (+20.4%)"))
            #expect(page.contains(#"id="change-category">pricing<"#))
            #expect(page.contains(#"id="change-significance">60<"#))
            #expect(page.contains("price of Pro rose 20.4%"))
            #expect(page.contains("a relative date changed"))
            #expect(page.contains("Updated 3 days ago"))
            #expect(try await browser.get("/changes/chg_bogus").status == .notFound)
        }
    }

    @Test("a large diff shows its first rows with a link to all of them; the stored diff is served as plain text")
    func largeDiff() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, _, seed in
            let monitor = try await seed.monitor(try await seed.competitor("Rival"))
            let old = (0..<3_000).map { "line \($0)" }
            let new = old.enumerated().map { $0.offset % 2 == 0 ? $0.element + " <script>alert(1)</script>" : $0.element }
            let diff = LineDiff(old: old, new: new).unified(oldName: "before", newName: "after")
            let change = try await seed.change(
                monitor, before: old.joined(separator: "\n"), after: new.joined(separator: "\n"), summary: "Everything",
                diff: diff)
            let page = try await browser.get("/changes/\(change.id)")
            #expect(page.status == .ok)
            #expect(page.contains(#"id="diff-truncated">Showing the first 1000 of 3000 rows side by side and the first 1000 of 4500 lines inline."#))
            #expect(page.contains(#"href="/changes/\#(change.id)?all=1#diff-heading""#))
            #expect(page.html.components(separatedBy: #"<tr class="row-"#).count - 1 == 1_000)
            #expect(page.contains(#"id="diff-removed-count">1500<"#), "the counts are of the whole diff")
            let all = try await browser.get("/changes/\(change.id)?all=1")
            #expect(!all.contains("diff-truncated"))
            #expect(all.html.components(separatedBy: #"<tr class="row-"#).count - 1 == 3_000)
            #expect(!all.contains("<script>alert(1)"))

            let text = try await browser.get("/changes/\(change.id)/diff")
            #expect(text.status == .ok)
            #expect(text.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(text.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(text.html == diff, "the stored diff, byte for byte (hostile lines included, as text)")
            let small = try await seed.change(monitor, before: "a", after: "b", summary: "small")
            #expect(try await browser.get("/changes/\(small.id)/diff").status == .notFound, "no stored diff")
            #expect(!(try await browser.get("/changes/\(small.id)")).contains("diff-download"))
        }
    }

    @Test("unknown pages are a 404 page; assets are served with a long cache")
    func notFoundAndAssets() async throws {
        let harness = try await WebHarness()
        try await harness.run { browser in
            try await browser.setUpOwner()
            let missing = try await browser.get("/no/such/page")
            #expect(missing.status == .notFound)
            #expect(missing.contains(#"id="error-title""#))
            let css = try await browser.get("/assets/app.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.cacheControl]?.contains("max-age=31536000") == true)
            let js = try await browser.get("/assets/app.js")
            #expect(js.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(!js.contains("innerHTML"))
            #expect(try await browser.get("/assets/..%2FPackage.swift").status == .notFound)
            #expect(try await browser.get("/assets/nothing.css").status == .notFound)
        }
    }
}
