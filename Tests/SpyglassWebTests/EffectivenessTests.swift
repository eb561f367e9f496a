import Foundation
import HTTPTypes
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
@testable import SpyglassWeb
import Testing

/// Marking changes useful, noise or acted on, and the effectiveness page.
@Suite("Effectiveness")
struct EffectivenessTests {
    @Test("a member marks a change with the page's buttons; the page then shows the verdict")
    func markThroughTheForm() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, store, seed in
            let change = try await seed.change(
                try await seed.monitor(try await seed.competitor("Rival")), before: "Pro $49", after: "Pro $59",
                summary: "Pro went up")
            let path = "/changes/\(change.id)"
            let before = try await browser.get(path)
            for id in ["feedback-useful", "feedback-noise", "feedback-acted-on", "feedback-current"] {
                #expect(before.contains(#"id="\#(id)""#), "\(id)")
            }
            #expect(before.contains("No verdict from you yet."))

            let marked = try await browser.post("\(path)/feedback", [("verdict", "acted_on")])
            #expect(marked.status == .seeOther)
            #expect(marked.location == "\(path)?notice=feedback-recorded")
            let after = try await browser.get(marked.location ?? path)
            #expect(after.contains("Your verdict: <strong>acted on</strong>."))
            #expect(after.contains(#"id="feedback-acted-on" class="button-quiet" aria-pressed="true""#))
            #expect(after.contains(#"id="feedback-useful" class="button-quiet" aria-pressed="false""#))
            #expect(after.contains("useful 0 · noise 0 · acted on 1"))

            // A change of mind replaces the verdict.
            #expect(try await browser.post("\(path)/feedback", [("verdict", "noise")]).status == .seeOther)
            let stored = try await store.feedback(changeID: change.id)
            #expect(stored.map(\.verdict) == [.noise])

            // Without the CSRF token, with a made-up verdict, or for a change that does not exist: refused.
            #expect(try await browser.post("\(path)/feedback", [("verdict", "useful")], csrf: .some(nil)).status == .forbidden)
            #expect(try await browser.post("\(path)/feedback", [("verdict", "amazing")]).status == .badRequest)
            #expect(try await browser.post("/changes/\(Change.ID.generate())/feedback", [("verdict", "useful")]).status
                == .notFound)
            #expect(try await store.feedback(changeID: change.id).map(\.verdict) == [.noise])
        }
    }

    @Test("a digest's verdict link proposes the verdict; only the button records it")
    func digestLinkProposes() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, store, seed in
            let change = try await seed.change(
                try await seed.monitor(try await seed.competitor("Rival")), before: "a", after: "b", summary: "moved")
            let link = DigestComposer(dashboardURL: "http://127.0.0.1:8080").links(change)?.verdicts
                .first { $0.label == "Acted on" }?.url ?? ""
            let path = try #require(URL(string: link)).path + "?" + (URL(string: link)?.query ?? "")
            let opened = try await browser.get(path)
            #expect(opened.status == .ok)
            #expect(opened.contains(#"id="feedback-prompt">Mark this change as acted on? Confirm with the button below.</p>"#))
            #expect(opened.contains(#"id="feedback-acted-on" class="proposed" aria-pressed="false""#))
            #expect(opened.contains(#"<section class="panel feedback" id="feedback""#))
            #expect(try await store.feedback(changeID: change.id).isEmpty, "opening the link records nothing")
            let nonsense = try await browser.get("/changes/\(change.id)?verdict=%3Cscript%3E")
            #expect(!nonsense.contains("feedback-prompt"))
            #expect(!nonsense.contains("<script>"))
        }
    }

    @Test("a viewer sees the verdicts but no buttons, and a forged verdict is refused")
    func viewerCannotMark() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { owner, store, seed in
            let change = try await seed.change(
                try await seed.monitor(try await seed.competitor("Rival")), before: "a", after: "b", summary: "moved")
            let link = try await owner.invite("viewer@acme.example", role: .viewer)
            let viewer = owner.fresh()
            try await viewer.accept(link)
            let page = try await viewer.get("/changes/\(change.id)")
            #expect(page.status == .ok)
            #expect(page.contains(#"id="feedback-current""#))
            #expect(!page.contains(#"id="feedback-useful""#))
            #expect(!page.contains(#"id="feedback-noise""#))
            let forged = try await viewer.post("/changes/\(change.id)/feedback", [("verdict", "noise")])
            #expect(forged.status == .forbidden)
            #expect(try await store.feedback(changeID: change.id).isEmpty)
            let effectiveness = try await viewer.get("/effectiveness")
            #expect(effectiveness.status == .ok)
            #expect(effectiveness.contains(#"id="nav-effectiveness" href="/effectiveness" aria-current="page""#))
        }
    }

    @Test("the page shows changes by category, the share marked useful, the median time to alert and noisy monitors")
    func pageCounts() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { browser, store, seed in
            let rival = try await seed.competitor("Rival")
            let monitor = try await seed.monitor(rival)
            let first = try await seed.change(monitor, before: "Pro $49", after: "Pro $59", summary: "price")
            let second = try await seed.change(monitor, before: "Pro $59", after: "Visitors online: 412", summary: "counter")
            let third = try await seed.change(
                monitor, before: "Visitors online: 412", after: "Visitors online: 413", summary: "counter", category: "jobs")
            let ann = FeedbackAuthor.user(.generate())
            let bob = FeedbackAuthor.user(.generate())
            for (change, author, verdict) in [
                (first, ann, FeedbackVerdict.useful), (second, ann, .noise), (second, bob, .noise), (third, ann, .noise),
            ] {
                #expect(try await store.recordFeedback(
                    ChangeFeedback(changeID: change.id, author: author, verdict: verdict, createdAt: Date())))
            }
            // Alerts delivered 2 and 4 minutes after detection: the median is 3 minutes.
            let now = Date()
            let channel = AlertChannel(
                id: .generate(), tenantID: store.tenantID, kind: .webhook, name: "hook", url: "https://hooks.example/x",
                secret: "s", enabled: true, createdAt: now, updatedAt: now)
            try await store.insertChannel(channel)
            for (change, delay) in [(first, 120.0), (second, 240.0)] {
                var delivery = Delivery(
                    id: .generate(), tenantID: store.tenantID, channelID: channel.id, changeID: change.id,
                    eventID: "evt_\(UUID().uuidString)", eventType: .changeDetected, status: .pending, attempts: 0,
                    nextAttemptAt: now, createdAt: now, updatedAt: now)
                try await store.insertDelivery(delivery, job: Job.new(
                    tenantID: store.tenantID, kind: .deliver, subjectID: delivery.id.rawValue, runAt: now, now: now))
                let at = change.detectedAt.addingTimeInterval(delay)
                delivery.status = .succeeded
                delivery.attempts = 1
                delivery.nextAttemptAt = nil
                delivery.updatedAt = at
                try await store.recordDeliveryAttempt(
                    DeliveryAttempt(deliveryID: delivery.id, number: 1, attemptedAt: at, statusCode: 200, error: nil,
                                    durationMilliseconds: 10),
                    delivery: delivery, retry: nil)
            }

            let page = try await browser.get("/effectiveness")
            #expect(page.status == .ok)
            #expect(page.contains(#"<table id="effectiveness""#))
            #expect(page.html.components(separatedBy: #"class="effectiveness-row""#).count == 2)
            #expect(page.contains(#"<td data-label="Changes" class="effectiveness-changes">3</td>"#))
            #expect(page.contains("pricing 2 · jobs 1"))
            #expect(page.contains(#"class="effectiveness-marked">3</td>"#))
            #expect(page.contains("33 % <span class=\"muted small\">(1 of 3)</span>"))
            #expect(page.contains(#"class="effectiveness-median">3 min</td>"#))
            #expect(page.contains("bounded") || page.contains("up to one check interval earlier"))
            #expect(page.contains(#"id="noisy-monitors""#))
            #expect(page.contains("3 of 4 verdicts say noise"))
            #expect(page.contains("Add an ignore rule for lines like “Visitors online: 41"))
            // The monitor already has a selector: no suggestion to add one.
            #expect(!page.contains("Add a selector"))
            #expect(!page.contains("<script>"))
            #expect(!page.contains("style="))
        }
    }

    @Test("the report's arithmetic: medians, shares, durations and the noise threshold")
    func reportUnits() throws {
        #expect(EffectivenessReport.median([]) == nil)
        #expect(EffectivenessReport.median([5]) == 5)
        #expect(EffectivenessReport.median([9, 1, 5]) == 5)
        #expect(EffectivenessReport.median([1, 2, 3, 10]) == 2.5)
        #expect(EffectivenessReport.median([.nan, .infinity, 4]) == 4)
        #expect(EffectivenessReport.duration(-5) == "0 s")
        #expect(EffectivenessReport.duration(45) == "45 s")
        #expect(EffectivenessReport.duration(180) == "3 min")
        #expect(EffectivenessReport.duration(9_000) == "2.5 h")
        #expect(EffectivenessReport.duration(5 * 86_400) == "5 days")

        let competitor = Competitor.ID.generate()
        let monitor = Monitor.ID.generate()
        func outcome(useful: Int = 0, noise: Int = 0, acted: Int = 0, added: [String] = []) -> ChangeOutcome {
            ChangeOutcome(
                changeID: .generate(), competitorID: competitor, monitorID: monitor, category: nil,
                detectedAt: Date(timeIntervalSince1970: 1_799_834_400), firstDeliveredAt: nil, added: added,
                useful: useful, noise: noise, actedOn: acted)
        }
        // Two marks only: not judged yet. A tie is not "mostly noise".
        #expect(EffectivenessReport(outcomes: [outcome(noise: 2)], competitors: [:], monitors: [:]).noisy.isEmpty)
        #expect(EffectivenessReport(outcomes: [outcome(useful: 2, noise: 2)], competitors: [:], monitors: [:]).noisy.isEmpty)
        let noisy = EffectivenessReport(
            outcomes: [outcome(noise: 2, added: ["<b>ad</b>"]), outcome(acted: 1)], competitors: [:], monitors: [:])
        let flagged = try #require(noisy.noisy.first)
        #expect(flagged.suggestions == [
            "Add a selector to watch only the part of the page that matters.", "Add an ignore rule for lines like “<b>ad</b>”.",
        ])
        let row = try #require(noisy.rows.first)
        #expect(row.competitor == "Deleted competitor")
        #expect(row.usefulShare == "50 %")
        #expect(row.medianDelivery == "—")
        #expect(row.categories == "uncategorised 2")
        #expect(EffectivenessReport.windowStart(now: Date(timeIntervalSince1970: 1_799_834_400))
            == Date(timeIntervalSince1970: 1_799_625_600 - 7 * 7 * 86_400))
    }
}
