import Foundation
import HTTPTypes
import NIOCore
import SpyglassAPI
import Testing

@Suite("OpenAPI document")
struct OpenAPIContractTests {
    @Test("every route is documented and every documented operation is routed")
    func routesMatchDocument() async throws {
        let harness = try await APIHarness()
        let served = Set(harness.routes.map { "\($0.method) \($0.path)" })
        try await harness.run { api in
            let document = try await api.send(.get, "/v1/openapi.json")
            let paths = try #require(document.json["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, item) in paths {
                for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(served.subtracting(documented).isEmpty, "routed but not documented")
            #expect(documented.subtracting(served).isEmpty, "documented but not routed")
            #expect(served.count >= 25)

            // And each documented path really reaches a handler (not the router's 404). The event
            // stream never ends by design; the end-to-end tests read it over a socket.
            for route in served where route != "GET /v1/events" {
                let parts = route.split(separator: " ")
                let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "x")
                let method = try #require(HTTPRequest.Method(rawValue: String(parts[0])))
                let reply = try await api.send(method, path)
                let detail = reply.json["detail"] as? String ?? ""
                #expect(!detail.hasPrefix("no route for"), "\(route) is not routed")
            }
        }
    }

    @Test("every schema reference resolves")
    func references() async throws {
        try await APIHarness().run { api in
            let text = String(buffer: try await api.send(.get, "/v1/openapi.json").body)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let references = text.components(separatedBy: "#/components/schemas/").dropFirst()
            #expect(!references.isEmpty)
            for reference in references {
                let name = String(reference.prefix { $0.isLetter })
                #expect(schemas[name] != nil, "\(name) is referenced but not defined")
            }
        }
    }
}
