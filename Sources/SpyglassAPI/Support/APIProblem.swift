import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SpyglassDomain

/// An RFC 9457 problem: every error of the API is answered with one, as
/// `application/problem+json`.
public struct APIProblem: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// A short slug turned into the `type` URI.
    public var kind: String
    public var title: String
    public var detail: String
    public var fieldErrors: [FieldError]
    public var headers: [(String, String)] = []

    public init(status: HTTPResponse.Status, kind: String, title: String, detail: String, fieldErrors: [FieldError] = []) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.fieldErrors = fieldErrors
    }

    public static func == (lhs: APIProblem, rhs: APIProblem) -> Bool {
        lhs.status == rhs.status && lhs.kind == rhs.kind && lhs.detail == rhs.detail && lhs.fieldErrors == rhs.fieldErrors
    }

    static func validation(_ errors: [FieldError]) -> APIProblem {
        APIProblem(
            status: .unprocessableContent, kind: "validation-error", title: "Your request is not valid",
            detail: errors.map { "\($0.field) \($0.message)" }.joined(separator: "; "), fieldErrors: errors)
    }

    static func badRequest(_ detail: String, kind: String = "bad-request", field: String? = nil) -> APIProblem {
        APIProblem(
            status: .badRequest, kind: kind, title: "Bad request", detail: detail,
            fieldErrors: field.map { [FieldError(field: $0, message: detail)] } ?? [])
    }

    static func notFound(_ what: String) -> APIProblem {
        APIProblem(status: .notFound, kind: "not-found", title: "Not found", detail: "\(what) does not exist")
    }

    static func unauthorized(_ detail: String) -> APIProblem {
        var problem = APIProblem(status: .unauthorized, kind: "unauthorized", title: "Unauthorized", detail: detail)
        problem.headers = [("WWW-Authenticate", "Bearer")]
        return problem
    }

    static func payloadTooLarge() -> APIProblem {
        APIProblem(
            status: .contentTooLarge, kind: "payload-too-large", title: "Request body too large",
            detail: "the request body exceeds \(APILimits.maximumBodyBytes) bytes")
    }

    static func internalError() -> APIProblem {
        APIProblem(
            status: .internalServerError, kind: "internal-error", title: "Internal server error",
            detail: "something went wrong on our side; the request may be retried")
    }

    func response(instance: String) -> Response {
        var body: [String: any Sendable] = [
            "type": "urn:spyglass:problem:\(kind)", "title": title, "status": Int(status.code), "detail": detail,
            "instance": instance,
        ]
        if !fieldErrors.isEmpty {
            body["errors"] = fieldErrors.map { ["field": $0.field, "message": $0.message] }
        }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error, including the router's own 404, into problem+json.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as APIProblem {
            return problem.response(instance: request.uri.path)
        } catch let error as HTTPError {
            let problem: APIProblem
            switch error.status {
            case .notFound:
                problem = APIProblem(status: .notFound, kind: "not-found", title: "Not found",
                                     detail: "no route for \(request.method) \(request.uri.path)")
            case .contentTooLarge:
                problem = .payloadTooLarge()
            default:
                problem = APIProblem(status: error.status, kind: "http-error", title: error.status.reasonPhrase,
                                     detail: error.body ?? error.status.reasonPhrase)
            }
            return problem.response(instance: request.uri.path)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            return APIProblem.internalError().response(instance: request.uri.path)
        }
    }
}
