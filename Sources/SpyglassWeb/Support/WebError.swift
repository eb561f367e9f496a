import HTTPTypes
import SpyglassDomain

/// Why a page cannot be shown. Rendered as an HTML page (or a redirect to sign
/// in) by `ErrorPageMiddleware`; the message never contains outside input unescaped.
struct WebError: Error, Sendable, Equatable {
    struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        static let signInRequired = Code("sign_in_required")
        static let forbidden = Code("forbidden")
        static let notFound = Code("not_found")
        static let badRequest = Code("bad_request")
        static let unavailable = Code("unavailable")
    }

    var code: Code
    var status: HTTPResponse.Status
    var title: String
    var message: String

    static let signInRequired = WebError(
        code: .signInRequired, status: .seeOther, title: "Sign in", message: "Sign in to continue.")

    static func forbidden(_ action: WorkspaceRole.Action) -> WebError {
        let role = WorkspaceRole.least(for: action).rawValue
        return WebError(
            code: .forbidden, status: .forbidden, title: "Not allowed",
            message: "Your role does not allow this; it needs the \(role) role or above.")
    }

    static let csrf = WebError(
        code: .forbidden, status: .forbidden, title: "Form expired",
        message: "This form is missing its security token or it is out of date. Go back, reload the page and try again.")

    static func notFound(_ what: String) -> WebError {
        WebError(code: .notFound, status: .notFound, title: "Not found", message: "\(what) does not exist.")
    }

    static func badRequest(_ message: String) -> WebError {
        WebError(code: .badRequest, status: .badRequest, title: "Bad request", message: message)
    }
}
