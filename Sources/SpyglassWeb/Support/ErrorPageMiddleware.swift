import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SpyglassDomain

/// Turns errors into pages: "sign in" into a redirect (back here afterwards),
/// anything else into an HTML page with its status, the router's 404 included.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let kit: PageKit

    struct Model: Sendable {
        var chrome: Chrome
        var status: Int
        var heading: String
        var message: String
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as WebError {
            if error.code == .signInRequired {
                return Redirect.to(Self.signInLocation(for: request))
            }
            return try render(error, context: context)
        } catch let error as HTTPError {
            let page = error.status == .notFound
                ? WebError.notFound("This page")
                : WebError(code: .badRequest, status: error.status, title: error.status.reasonPhrase,
                           message: error.body ?? error.status.reasonPhrase)
            return try render(page, context: context)
        } catch {
            context.logger.error("unhandled error in the dashboard", metadata: ["error": "\(error)"])
            return try render(
                WebError(code: .unavailable, status: .internalServerError, title: "Something went wrong",
                         message: "Something went wrong on our side. Try again in a moment."),
                context: context)
        }
    }

    /// `/signin?next=<this page>` for a page someone asked for; plain `/signin` after a form.
    static func signInLocation(for request: Request) -> String {
        guard request.method == .get, let next = Redirect.localPath(request.uri.description), next != "/" else {
            return "/signin"
        }
        return "/signin?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    private func render(_ error: WebError, context: Context) throws -> Response {
        let chrome = kit.anonymousChrome(title: error.title, token: context.signedIn?.session.csrfToken ?? "")
        return try kit.page(
            "error", Model(chrome: chrome, status: Int(error.status.code), heading: error.title, message: error.message),
            status: error.status)
    }
}
