import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpyglassDomain
import SpyglassPorts

/// `/changes/<id>`: one change, before and after (the first rows of a large diff;
/// `?all=1` for every row); `/changes/<id>/diff`: the stored unified diff as text.
struct ChangePage {
    let kit: PageKit

    func register(_ router: Router<WebRequestContext>) {
        router.get("/changes/:id", use: show)
        router.get("/changes/:id/diff", use: diffText)
    }

    /// The unified diff the check stored, as plain text (`nosniff` is on every response, so it is never run as HTML).
    @Sendable func diffText(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        guard let text = context.parameters.get("id"), let id = Change.ID(text),
              let change = try await kit.store(signedIn).change(id), !change.diff.isEmpty
        else { throw WebError.notFound("This change's diff") }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentDisposition] = "inline; filename=\"\(id.rawValue).diff\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: change.diff)))
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        let store = kit.store(signedIn)
        guard let text = context.parameters.get("id"), let id = Change.ID(text), let change = try await store.change(id)
        else { throw WebError.notFound("This change") }
        let before = try await store.snapshotText(change.previousSnapshotID)
        let after = try await store.snapshotText(change.snapshotID)
        var model = ChangeModel(
            change: change, competitor: try await store.competitor(change.competitorID),
            monitor: try await store.monitor(change.monitorID), before: before, after: after,
            chrome: try await kit.chrome(signedIn, title: "Change", nav: .overview, request: request),
            allRows: request.uri.queryParameters["all"] == "1")
        // A digest's verdict link proposes a verdict; recording it takes a click (a POST with the CSRF token).
        let proposed = request.uri.queryParameters["verdict"].flatMap { FeedbackVerdict(rawValue: String($0)) }
        model.feedback = FeedbackPanel(
            changeID: id, feedback: try await store.feedback(changeID: id), user: signedIn.user, proposed: proposed)
        return try kit.page("change", model)
    }
}
