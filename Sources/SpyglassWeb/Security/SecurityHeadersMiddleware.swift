import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The security headers on every answer of the dashboard, error pages and
/// redirects included: a strict Content-Security-Policy (no inline script or
/// style, no framing, forms post only here), no MIME sniffing, no cross-site referrer.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    static let headers: [(HTTPField.Name, String)] = ([
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ] as [(String, String)]).compactMap { name, value in HTTPField.Name(name).map { ($0, value) } }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Response(status: error.status, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: error.status.reasonPhrase)))
        } catch {
            // The error page could not be rendered either: a bare answer, still with the headers.
            context.logger.error("unhandled error in the dashboard", metadata: ["error": "\(error)"])
            response = Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "Internal server error")))
        }
        for (name, value) in Self.headers { response.headers[name] = value }
        return response
    }
}
