import Hummingbird
import Logging
import NIOCore

/// One port for the API and the dashboard: `/v1/…` and `/healthz` go to the API's
/// responder, everything else to the dashboard's. Each keeps its own request context.
public struct PathDispatcher<API: HTTPResponder, Web: HTTPResponder>: HTTPResponder
where API.Context: InitializableFromSource<ApplicationRequestContextSource>,
      Web.Context: InitializableFromSource<ApplicationRequestContextSource> {
    public typealias Context = DispatchContext

    let api: API
    let web: Web

    public init(api: API, web: Web) {
        self.api = api
        self.web = web
    }

    public static func isAPI(_ path: String) -> Bool {
        path == "/v1" || path.hasPrefix("/v1/") || path == "/healthz"
    }

    public func respond(to request: Request, context: DispatchContext) async throws -> Response {
        if Self.isAPI(request.uri.path) {
            return try await api.respond(to: request, context: API.Context(source: context.source))
        }
        return try await web.respond(to: request, context: Web.Context(source: context.source))
    }
}

/// The dispatcher's own context: only what the source held, from which each side builds its own.
public struct DispatchContext: InitializableFromSource {
    let channel: any Channel
    let logger: Logger

    public init(source: ApplicationRequestContextSource) {
        channel = source.channel
        logger = source.logger
    }

    var source: ApplicationRequestContextSource { ApplicationRequestContextSource(channel: channel, logger: logger) }
}
