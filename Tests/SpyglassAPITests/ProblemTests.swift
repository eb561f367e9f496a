import Foundation
import HTTPTypes
import NIOCore
import Testing

@Suite("Bad input gets problem+json and changes nothing")
struct ProblemTests {
    @Test("malformed, unknown, mistyped, oversized and invalid bodies")
    func badBodies() async throws {
        try await APIHarness().run { api in
            let competitor = try await api.competitor()
            let cases: [(String, String, HTTPResponse.Status, [String])] = [
                ("/v1/competitors", #"{"name": "x""#, .badRequest, []),
                ("/v1/competitors", #"["name"]"#, .badRequest, []),
                ("/v1/competitors", #"{"name":"x","colour":"red"}"#, .unprocessableContent, ["colour"]),
                ("/v1/competitors", #"{"name":5}"#, .unprocessableContent, ["name"]),
                ("/v1/competitors", #"{}"#, .unprocessableContent, ["name"]),
                ("/v1/competitors", #"{"name":"x","website":"ftp://rival.example"}"#, .unprocessableContent, ["website"]),
                ("/v1/competitors", #"{"name":"x","tags":"crm"}"#, .unprocessableContent, ["tags"]),
                ("/v1/monitors", #"{"competitor_id":"\#(competitor)","url":"not a url"}"#, .unprocessableContent, ["url"]),
                ("/v1/monitors", #"{"competitor_id":"cmp_nope","url":"https://a.example","kind":"pdf","interval_seconds":5}"#,
                 .unprocessableContent, ["competitor_id", "interval_seconds", "kind"]),
                ("/v1/monitors", #"{"competitor_id":"\#(competitor)","url":"https://a.example","enabled":"yes"}"#,
                 .unprocessableContent, ["enabled"]),
                ("/v1/channels", #"{"kind":"pager","url":"https://a.example"}"#, .unprocessableContent, ["kind"]),
            ]
            for (path, body, status, fields) in cases {
                let reply = try await api.send(.post, path, json: body)
                #expect(reply.status == status, "\(path) \(body)")
                #expect(reply.isProblem, "\(path) \(body)")
                #expect(reply.json["status"] as? Int == Int(status.code))
                #expect(reply.json["type"] as? String != nil)
                #expect(Set(reply.fieldNames) == Set(fields), "\(path) \(body)")
            }
            let huge = ByteBuffer(string: #"{"name":""# + String(repeating: "a", count: 100_000) + #""}"#)
            let oversized = try await api.send(.post, "/v1/competitors", rawBody: huge)
            #expect(oversized.status == .contentTooLarge)
            #expect(oversized.isProblem)
            let wrongType = try await api.send(.post, "/v1/competitors", json: "name=x", contentType: "text/plain")
            #expect(wrongType.status == .unsupportedMediaType)

            // Nothing was created by any of it.
            #expect(try await api.send(.get, "/v1/competitors").data.count == 1)
            #expect(try await api.send(.get, "/v1/monitors").data.isEmpty)
            #expect(try await api.send(.get, "/v1/channels").data.isEmpty)
        }
    }

    @Test("unknown and malformed ids are 404 problems", arguments: [
        "/v1/competitors/cmp_00000000000000000000000000000000", "/v1/competitors/garbage",
        "/v1/monitors/mon_00000000000000000000000000000000", "/v1/changes/chg_0", "/v1/snapshots/x/text",
        "/v1/jobs/job_00000000000000000000000000000000", "/v1/no-such-route",
    ])
    func unknownIDs(path: String) async throws {
        try await APIHarness().run { api in
            let reply = try await api.send(.get, path)
            #expect(reply.status == .notFound)
            #expect(reply.isProblem)
        }
    }

    @Test("another tenant's objects are 404, for reads and writes")
    func isolation() async throws {
        try await APIHarness().run { api in
            let competitor = try await api.competitor()
            let monitor = try await api.monitor(competitor: competitor)
            let other = api.otherKey
            #expect(try await api.send(.get, "/v1/competitors/\(competitor)", as: other).status == .notFound)
            #expect(try await api.send(.patch, "/v1/competitors/\(competitor)", json: #"{"name":"x"}"#, as: other).status == .notFound)
            #expect(try await api.send(.delete, "/v1/monitors/\(monitor)", as: other).status == .notFound)
            #expect(try await api.send(.post, "/v1/monitors/\(monitor)/check", as: other).status == .notFound)
            let stolen = try await api.send(
                .post, "/v1/monitors", json: #"{"competitor_id":"\#(competitor)","url":"https://a.example"}"#, as: other)
            #expect(stolen.status == .unprocessableContent)
            #expect(try await api.send(.get, "/v1/competitors", as: other).data.isEmpty)
            #expect(try await api.send(.get, "/v1/competitors/\(competitor)").json["name"] as? String == "Rival")
        }
    }

    @Test("no key, a wrong key or a wrong scheme is 401", arguments: ["", "sg_wrong", "Basic abc"])
    func unauthorized(key: String) async throws {
        try await APIHarness().run { api in
            let reply = try await api.send(.get, "/v1/competitors", as: key)
            #expect(reply.status == .unauthorized)
            #expect(reply.isProblem)
        }
    }

    @Test("bad query parameters are 400 naming the parameter", arguments: [
        ("/v1/competitors?limit=0", "limit"), ("/v1/competitors?limit=abc", "limit"),
        ("/v1/competitors?cursor=%%%", "cursor"), ("/v1/changes?since=yesterday", "since"),
        ("/v1/jobs?status=sleeping", "status"), ("/v1/monitors?competitor_id=42", "competitor_id"),
    ])
    func badQueries(path: String, field: String) async throws {
        try await APIHarness().run { api in
            let reply = try await api.send(.get, path)
            #expect(reply.status == .badRequest)
            #expect(reply.fieldNames == [field])
        }
    }
}
