import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Renders the mustache templates compiled into the binary. Templates use only
/// `{{ }}`, which HTML-escapes (`<>&"'`): nothing from outside is ever written raw.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let assets: StaticAssets

    static func load(assets: StaticAssets) async throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw WebSetupError("the dashboard's templates are missing from this build")
        }
        let library = try await MustacheLibrary(directory: folder.path)
        return PageRenderer(library: library, assets: assets)
    }

    /// An HTML page; `model` carries a `chrome` for the layout.
    func page(_ template: String, _ model: some Sendable, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let html = library.render(model, withTemplate: template) else {
            throw WebSetupError("no template named \(template)")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Redirects after a form (303 See Other, so the browser follows with a GET).
enum Redirect {
    static func to(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// A `next` parameter made safe: a path on this site only (not `//host`, not a scheme).
    static func localPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.hasPrefix("/\\"), text.count <= 1_000,
              text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value != 0x7F })
        else { return nil }
        return text
    }
}
