import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// `/changes/<id>`: one change, before and after.
struct ChangePage {
    let kit: PageKit

    func register(_ router: Router<WebRequestContext>) {
        router.get("/changes/:id", use: show)
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
            chrome: try await kit.chrome(signedIn, title: "Change", nav: .overview, request: request))
        // A digest's verdict link proposes a verdict; recording it takes a click (a POST with the CSRF token).
        let proposed = request.uri.queryParameters["verdict"].flatMap { FeedbackVerdict(rawValue: String($0)) }
        model.feedback = FeedbackPanel(
            changeID: id, feedback: try await store.feedback(changeID: id), user: signedIn.user, proposed: proposed)
        return try kit.page("change", model)
    }
}
