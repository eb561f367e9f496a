import Foundation
import Hummingbird
import Logging
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

/// `/monitors/new`: a page to watch, with a preview of what will be watched
/// (the text and facts, fetched through the checks' own collector) before it is
/// saved; and the monitor's actions: check now, delete.
struct MonitorPages {
    let kit: PageKit
    /// Lines of extracted text shown in a preview.
    static let previewLines = 300

    func register(_ router: Router<WebRequestContext>) {
        router.get("/monitors/new", use: new)
        router.post("/monitors", use: submit)
        router.get("/monitors/:id", use: show)
        router.post("/monitors/:id/check", use: checkNow)
        router.post("/monitors/:id/delete", use: delete)
    }

    @Sendable func new(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.editCatalog)
        var draft = MonitorDraft(intervalMinutes: kit.dependencies.intervalPolicy.defaultSeconds / 60)
        draft.competitorID = request.uri.queryParameters["competitor"].map(String.init) ?? ""
        return try await form(request, signedIn: signedIn, draft: draft, errors: [], preview: nil)
    }

    /// One form, two buttons: `action=preview` shows what would be watched, `action=save` saves.
    @Sendable func submit(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.editCatalog)
        let store = kit.store(signedIn)
        let draft = MonitorDraft(form: context.fields)
        var errors = draft.problems(policy: kit.dependencies.intervalPolicy)
        let competitorID = Competitor.ID(draft.competitorID)
        if let competitorID, try await store.competitor(competitorID) == nil {
            errors.append("Choose one of your competitors.")
        } else if competitorID == nil {
            errors.append("Choose a competitor.")
        }
        guard errors.isEmpty, let competitorID else {
            return try await form(request, signedIn: signedIn, draft: draft, errors: errors, preview: nil,
                                  status: .unprocessableContent)
        }
        let now = kit.now
        let monitor = draft.monitor(id: .generate(at: now), tenant: signedIn.user.tenantID, competitor: competitorID, now: now)
        if context.fields["action"] == "preview" {
            return try await form(request, signedIn: signedIn, draft: draft, errors: [], preview: await preview(monitor))
        }
        try await store.insertMonitor(monitor)
        // The first check runs at once: it stores the baseline later checks compare with.
        _ = try? await kit.dependencies.queue.enqueue(Scheduler.checkJob(for: monitor, now: now))
        return Redirect.to("/competitors/\(competitorID.rawValue)?notice=monitor-created")
    }

    /// A monitor lives on its competitor's page.
    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        let monitor = try await monitor(context, signedIn: signedIn)
        return Redirect.to("/competitors/\(monitor.competitorID.rawValue)#monitor-\(monitor.id.rawValue)")
    }

    @Sendable func checkNow(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.editCatalog)
        let monitor = try await monitor(context, signedIn: signedIn)
        _ = try await kit.dependencies.queue.enqueue(Scheduler.checkJob(for: monitor, now: kit.now))
        return Redirect.to("/competitors/\(monitor.competitorID.rawValue)?notice=check-queued")
    }

    @Sendable func delete(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.editCatalog)
        let monitor = try await monitor(context, signedIn: signedIn)
        _ = try await kit.store(signedIn).deleteMonitor(monitor.id)
        return Redirect.to("/competitors/\(monitor.competitorID.rawValue)?notice=monitor-deleted")
    }

    private func monitor(_ context: WebRequestContext, signedIn: SignedIn) async throws -> Monitor {
        guard let text = context.parameters.get("id"), let id = Monitor.ID(text),
              let monitor = try await kit.store(signedIn).monitor(id)
        else { throw WebError.notFound("This monitor") }
        return monitor
    }

    private func preview(_ monitor: Monitor) async -> PreviewView {
        guard let preview = kit.dependencies.preview else {
            return PreviewView(failure: "Previews are not available on this server.")
        }
        do {
            return PreviewView(try await preview(monitor), lineLimit: Self.previewLines)
        } catch let failure as MonitorPreview.Failure {
            return PreviewView(failure: failure.message)
        } catch {
            kit.dependencies.logger.warning("preview failed", metadata: ["error": "\(error)"])
            return PreviewView(failure: "The page could not be previewed.")
        }
    }

    private func form(
        _ request: Request, signedIn: SignedIn, draft: MonitorDraft, errors: [String], preview: PreviewView?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let names = try await CatalogNames.load(kit.store(signedIn))
        let model = MonitorFormModel(
            chrome: try await kit.chrome(signedIn, title: "New monitor", nav: .competitors, request: request),
            draft: draft, competitors: names.sortedCompetitors, errors: errors, preview: preview)
        return try kit.page("monitor_new", model, status: status)
    }
}
