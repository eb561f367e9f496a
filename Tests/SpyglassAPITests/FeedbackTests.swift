import Foundation
import HTTPTypes
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts
import Testing

/// `POST /v1/changes/{id}/feedback`: a key's verdict on a change.
@Suite("Feedback on changes through the API")
struct FeedbackTests {
    @Test("a member key marks a change: 201 with the verdict, and a new verdict replaces the old", arguments: APIBackend.available)
    func marks(backend: APIBackend) async throws {
        let harness = try await APIHarness(backend: backend)
        let member = try await APIRoleTests.key(.member, harness: harness)
        try await harness.run { api in
            let records = try await TenantIsolationTests.seed(api, harness: harness)
            let path = "/v1/changes/\(records.change)/feedback"
            let noise = try await api.send(.post, path, json: #"{"verdict":"noise"}"#, as: member)
            #expect(noise.status == .created)
            #expect(noise.headers[.contentType] == "application/json")
            #expect(noise.json["change_id"] as? String == records.change)
            #expect(noise.json["verdict"] as? String == "noise")
            #expect(noise.json["author_kind"] as? String == "api_key")
            #expect((noise.json["author_id"] as? String)?.hasPrefix("key_") == true)
            #expect(noise.json["created_at"] is String)
            let acted = try await api.send(.post, path, json: #"{"verdict":"acted_on"}"#, as: member)
            #expect(acted.status == .created)
            #expect(acted.json["verdict"] as? String == "acted_on")

            let key = try #require(try await harness.storage.apiKey(secretHash: Secrets.sha256Hex(api.key)))
            let stored = try await harness.storage.scoped(to: key.tenantID).feedback(changeID: Identifier(trusted: records.change))
            #expect(stored.map(\.verdict) == [.actedOn])
        }
    }

    @Test("bad verdicts are 422 (malformed bodies 400), unknown and foreign changes 404, a viewer key 403", arguments: APIBackend.available)
    func refusals(backend: APIBackend) async throws {
        let harness = try await APIHarness(backend: backend)
        let viewer = try await APIRoleTests.key(.viewer, harness: harness)
        try await harness.run { api in
            let records = try await TenantIsolationTests.seed(api, harness: harness)
            let path = "/v1/changes/\(records.change)/feedback"
            for body in [#"{"verdict":"great"}"#, #"{"verdict":3}"#, #"{}"#, #"{"verdict":"useful","extra":1}"#] {
                let reply = try await api.send(.post, path, json: body)
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.isProblem)
                #expect(!reply.fieldNames.isEmpty)
            }
            for body in ["[]", "{", #""useful""#] {
                let reply = try await api.send(.post, path, json: body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.isProblem)
            }
            let unknown = try await api.send(.post, "/v1/changes/\(Change.ID.generate(at: Date()).rawValue)/feedback", json: #"{"verdict":"useful"}"#)
            #expect(unknown.status == .notFound)
            let foreign = try await api.send(.post, path, json: #"{"verdict":"useful"}"#, as: api.otherKey)
            #expect(foreign.status == .notFound)
            let refused = try await api.send(.post, path, json: #"{"verdict":"useful"}"#, as: viewer)
            #expect(refused.status == .forbidden)
            #expect(refused.isProblem)
        }
    }
}
