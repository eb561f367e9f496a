import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// `POST /changes/<id>/feedback`: the signed-in person's verdict on a change (member and up);
/// a new verdict replaces their earlier one.
struct FeedbackForm {
    let kit: PageKit

    func register(_ router: Router<WebRequestContext>) {
        router.post("/changes/:id/feedback", use: record)
    }

    @Sendable func record(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.editCatalog)
        guard let text = context.parameters.get("id"), let id = Change.ID(text) else { throw WebError.notFound("This change") }
        guard let verdict = context.fields["verdict"].flatMap(FeedbackVerdict.init(rawValue:)) else {
            throw WebError.badRequest("Choose useful, noise or acted on.")
        }
        let feedback = ChangeFeedback(changeID: id, author: .user(signedIn.user.id), verdict: verdict, createdAt: kit.now)
        guard try await kit.store(signedIn).recordFeedback(feedback) else { throw WebError.notFound("This change") }
        return Redirect.to("/changes/\(id.rawValue)?notice=feedback-recorded")
    }
}
