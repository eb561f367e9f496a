import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One answer of the API, read whole.
struct APIResponse: Sendable, CustomStringConvertible {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> JSON {
        do {
            return try JSON.parse(body)
        } catch {
            throw E2EError(.unexpectedResponse, "the body is not JSON: \(self)")
        }
    }

    /// The body as JSON, after checking the status (setup steps fail with the whole answer in the message).
    func json(expecting expected: Int) throws -> JSON {
        guard status == expected else {
            throw E2EError(.unexpectedResponse, "expected HTTP \(expected), got \(self)")
        }
        return try json()
    }

    var description: String { "HTTP \(status) \(text.prefix(2_000))" }
}

/// The Spyglass API over real HTTP, as a user's script would call it.
struct APIClient: Sendable {
    let baseURL: String
    /// The whole `Authorization` header value, or nil to send none.
    let authorization: String?

    init(baseURL: String, apiKey: String?) {
        self.baseURL = baseURL
        self.authorization = apiKey.map { "Bearer \($0)" }
    }

    init(baseURL: String, authorization: String?) {
        self.baseURL = baseURL
        self.authorization = authorization
    }

    func send(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = "application/json"
    ) async throws -> APIResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let collected = try await response.body.collect(upTo: 16 * 1_024 * 1_024)
        return APIResponse(
            status: Int(response.status.code), headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: Array(collected.readableBytesView))
    }

    func get(_ path: String) async throws -> APIResponse {
        try await send(.GET, path)
    }

    func post(_ path: String, raw: String) async throws -> APIResponse {
        try await send(.POST, path, body: Array(raw.utf8))
    }

    func post(_ path: String, fields: [String: String]) async throws -> APIResponse {
        try await send(.POST, path, body: Array(try JSONEncoder().encode(fields)))
    }

    func patch(_ path: String, fields: [String: String]) async throws -> APIResponse {
        try await send(.PATCH, path, body: Array(try JSONEncoder().encode(fields)))
    }

    func delete(_ path: String) async throws -> APIResponse {
        try await send(.DELETE, path)
    }
}
