import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpyglassDomain
import SpyglassPipeline

/// JSON responses in the API's shapes.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try Wire.encoder().encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"data": [...], "next_cursor": "…" | null}`.
    static func list<T: Encodable & Sendable>(_ items: [T], next: String?) throws -> Response {
        try make(ListBody(data: items, nextCursor: next.map(Cursor.encode)))
    }

    static func noContent() -> Response {
        Response(status: .noContent)
    }

    struct ListBody<T: Encodable>: Encodable {
        var data: [T]
        var nextCursor: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(data, forKey: .data)
            try container.encode(nextCursor, forKey: .nextCursor)
        }

        enum CodingKeys: String, CodingKey { case data, nextCursor }
    }
}

/// Opaque cursors: base64url of a versioned key, so clients cannot build them
/// and the key can change without breaking them.
enum Cursor {
    static func encode(_ after: String) -> String {
        Data("v1:\(after)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> String? {
        guard cursor.count <= 200 else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("v1:") else { return nil }
        let key = String(text.dropFirst(3))
        // Keys are ids: lowercase letters, digits and one underscore.
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        return key
    }
}

/// Reading query parameters with clear errors.
struct Query {
    let request: Request

    init(_ request: Request) {
        self.request = request
    }

    func string(_ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }

    func page() throws(APIProblem) -> PageRequest {
        var limit = 50
        if let text = string("limit") {
            guard let value = Int(text), (1...PageRequest.maximumLimit).contains(value) else {
                throw .badRequest("limit must be an integer from 1 to \(PageRequest.maximumLimit)", field: "limit")
            }
            limit = value
        }
        var after: String?
        if let cursor = string("cursor") {
            guard let key = Cursor.decode(cursor) else { throw .badRequest("cursor is not valid", field: "cursor") }
            after = key
        }
        return PageRequest(limit: limit, after: after)
    }

    func id<E>(_ name: String, as: E.Type = E.self) throws(APIProblem) -> Identifier<E>? {
        guard let text = string(name) else { return nil }
        guard let id = Identifier<E>(text) else { throw .badRequest("\(name) is not a valid id", field: name) }
        return id
    }

    func int(_ name: String, range: ClosedRange<Int>) throws(APIProblem) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .badRequest("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)", field: name)
        }
        return value
    }

    func date(_ name: String) throws(APIProblem) -> Date? {
        guard let text = string(name) else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw .badRequest("\(name) must be an RFC 3339 timestamp", field: name)
        }
        return date
    }

    func enumValue<T: RawRepresentable & CaseIterable>(_ name: String, as: T.Type = T.self) throws(APIProblem) -> T?
    where T.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badRequest("\(name) must be one of: \(allowed)", field: name)
        }
        return value
    }
}

extension Parameters {
    /// A path id, or a 404 (a malformed id names nothing).
    func id<E>(_ name: String = "id", as: E.Type = E.self) throws(APIProblem) -> Identifier<E> {
        guard let text = self.get(name), let id = Identifier<E>(text) else {
            throw .notFound("the id \"\(self.get(name) ?? "")\"")
        }
        return id
    }
}
