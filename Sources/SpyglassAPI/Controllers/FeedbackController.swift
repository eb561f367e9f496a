import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

/// Verdicts on changes (useful, noise, acted on) given with an API key: the key is the author,
/// and its new verdict replaces its earlier one. Member keys and up (a viewer key only reads).
struct FeedbackController {
    let dependencies: APIDependencies

    /// The answer to a recorded verdict.
    struct FeedbackBody: Encodable, Sendable {
        var changeId: String
        var verdict: String
        var authorKind: String
        var authorId: String
        var createdAt: Date
    }

    func register(_ routes: RouteRecorder) {
        routes.on(.post, "/v1/changes/{id}/feedback", handler: record)
    }

    @Sendable func record(_ request: Request, context: APIRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        guard let key = context.apiKey else { throw APIProblem.unauthorized("missing or invalid API key") }
        let id: Change.ID = try context.parameters.id()
        var body = try await JSONBody.read(request, allowed: ["verdict"])
        let text = body.string("verdict", required: true)
        let verdict = text.flatMap(FeedbackVerdict.init(rawValue:))
        if text != nil, verdict == nil {
            body.add(FieldError(field: "verdict", message: "must be one of useful, noise, acted_on"))
        }
        try body.validate()
        guard let verdict else { throw APIProblem.badRequest("verdict is required") }
        let feedback = ChangeFeedback(
            changeID: id, author: .apiKey(key.id), verdict: verdict, createdAt: dependencies.clock.now())
        guard try await dependencies.storage.scoped(to: tenant).recordFeedback(feedback) else {
            throw APIProblem.notFound("change \(id)")
        }
        return try JSONResponse.make(
            FeedbackBody(
                changeId: id.rawValue, verdict: verdict.rawValue, authorKind: feedback.author.kind,
                authorId: feedback.author.id, createdAt: feedback.createdAt),
            status: .created)
    }
}
