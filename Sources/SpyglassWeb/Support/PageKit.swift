import Foundation
import HTTPTypes
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// What every page handler shares: the dependencies, the renderer, sessions,
/// and the layout's chrome.
struct PageKit: Sendable {
    let dependencies: WebDependencies
    let renderer: PageRenderer
    let sessions: Sessions

    var storage: any Storage { dependencies.storage }
    var now: Date { dependencies.clock.now() }

    func store(_ signedIn: SignedIn) -> any TenantStorage {
        dependencies.storage.scoped(to: signedIn.user.tenantID)
    }

    /// The chrome of a signed-in page.
    func chrome(
        _ signedIn: SignedIn, title: String, nav: Nav.Section, request: Request? = nil, notice: String? = nil
    ) async throws -> Chrome {
        let workspace = try await store(signedIn).workspace()?.name ?? "Workspace"
        return Chrome(
            title: title, csrf: signedIn.session.csrfToken, user: ChromeUser(signedIn.user, workspace: workspace),
            nav: Nav(nav), cssVersion: renderer.assets.version(of: "app.css"),
            jsVersion: renderer.assets.version(of: "app.js"),
            notice: notice ?? Notice.text(request?.uri.queryParameters["notice"].map(String.init)))
    }

    /// The chrome of a page for someone not signed in; `token` is the anonymous forms' CSRF token.
    func anonymousChrome(title: String, token: String, notice: String? = nil) -> Chrome {
        Chrome(
            title: title, csrf: token, user: nil, nav: Nav(.none), cssVersion: renderer.assets.version(of: "app.css"),
            jsVersion: renderer.assets.version(of: "app.js"), notice: notice)
    }

    func page(_ template: String, _ model: some Sendable, status: HTTPResponse.Status = .ok) throws -> Response {
        try renderer.page(template, model, status: status)
    }
}
