import Hummingbird
import Logging
import NIOCore
import SpyglassDomain

/// The dashboard's request context. `signedIn` is set by `SessionMiddleware` from
/// the session cookie; `form` by `CSRFMiddleware`, which reads every POST's body
/// once and checks its token before any handler runs.
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address (for rate limits); nil when unknown.
    public let clientAddress: String?
    var signedIn: SignedIn?
    var form: FormBody?
    /// The anonymous forms' CSRF token (a cookie of its own), before anyone signs in.
    var anonymousToken: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { FormBody.maximumBytes }

    /// The signed-in person, if they may do `action`: else a redirect to sign in, or a 403 page.
    func require(_ action: WorkspaceRole.Action) throws(WebError) -> SignedIn {
        guard let signedIn else { throw .signInRequired }
        guard signedIn.user.role.allows(action) else { throw .forbidden(action) }
        return signedIn
    }

    /// The POST's form (read by `CSRFMiddleware`); empty for other methods.
    var fields: FormBody { form ?? FormBody(pairs: []) }
}

/// Who is signed in, and with which session.
struct SignedIn: Sendable {
    var user: User
    var session: WebSession
}
