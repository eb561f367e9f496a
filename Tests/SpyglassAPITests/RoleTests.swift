import Foundation
import HTTPTypes
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts
import Testing

/// Keys carry roles: viewers read only, members change the catalogue, channels need an admin.
@Suite("API key roles")
struct APIRoleTests {
    /// A key of `role` in the same workspace as the harness's owner key.
    static func key(_ role: WorkspaceRole, harness: APIHarness) async throws -> String {
        let owner = try #require(try await TenantProvisioning(storage: harness.storage).authenticate(secret: harness.key))
        let secret = Secrets.generate(prefix: TenantProvisioning.keyPrefix)
        try await harness.storage.scoped(to: owner.tenantID).insertAPIKey(APIKey(
            id: .generate(), tenantID: owner.tenantID, name: role.rawValue, role: role,
            displayPrefix: String(secret.prefix(9)), secretHash: Secrets.sha256Hex(secret), createdAt: Date()))
        return secret
    }

    @Test("a viewer key reads but every write is 403 problem+json", arguments: APIBackend.available)
    func viewer(backend: APIBackend) async throws {
        let harness = try await APIHarness(backend: backend)
        let viewer = try await Self.key(.viewer, harness: harness)
        try await harness.run { api in
            let competitor = try await api.competitor()
            #expect(try await api.send(.get, "/v1/competitors", as: viewer).status == .ok)
            #expect(try await api.send(.get, "/v1/competitors/\(competitor)", as: viewer).status == .ok)
            for (method, path, body) in [
                (HTTPRequest.Method.post, "/v1/competitors", #"{"name":"Forged"}"#),
                (.patch, "/v1/competitors/\(competitor)", #"{"name":"Renamed"}"#),
                (.delete, "/v1/competitors/\(competitor)", nil),
                (.post, "/v1/monitors", #"{"competitor_id":"\#(competitor)","url":"https://rival.example"}"#),
                (.post, "/v1/channels", #"{"kind":"webhook","url":"https://hooks.example"}"#),
            ] as [(HTTPRequest.Method, String, String?)] {
                let reply = try await api.send(method, path, json: body, as: viewer)
                #expect(reply.status == .forbidden, "\(method) \(path)")
                #expect(reply.isProblem)
                #expect((reply.json["detail"] as? String)?.contains("viewer") == true)
            }
            let names = try await api.send(.get, "/v1/competitors").data.compactMap { $0["name"] as? String }
            #expect(names == ["Rival"])
        }
    }

    @Test("a member key changes competitors but not channels; an admin key changes channels", arguments: APIBackend.available)
    func memberAndAdmin(backend: APIBackend) async throws {
        let harness = try await APIHarness(backend: backend)
        let member = try await Self.key(.member, harness: harness)
        let admin = try await Self.key(.admin, harness: harness)
        try await harness.run { api in
            let created = try await api.send(.post, "/v1/competitors", json: #"{"name":"By a member"}"#, as: member)
            #expect(created.status == .created)
            let channel = #"{"kind":"webhook","url":"https://hooks.example/a"}"#
            let refused = try await api.send(.post, "/v1/channels", json: channel, as: member)
            #expect(refused.status == .forbidden)
            let listed = try await api.send(.get, "/v1/channels", as: member)
            #expect(listed.status == .ok)
            let allowed = try await api.send(.post, "/v1/channels", json: channel, as: admin)
            #expect(allowed.status == .created)
        }
    }
}
