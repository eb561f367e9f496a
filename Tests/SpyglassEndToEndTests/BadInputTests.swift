import Foundation
import NIOHTTP1
import Testing

/// Hostile and careless clients: every bad request gets the right status and
/// a problem document, and none of them changes anything.
@Suite("End to end: bad input")
struct BadInputTests {
    static let unknownMonitor = "mon_" + String(repeating: "0", count: 32)
    static let unknownCompetitor = "cmp_" + String(repeating: "0", count: 32)

    @Test("malformed, unknown, mistyped, oversized and invalid input is refused with problem+json and changes nothing")
    func badRequestsAreRefused() async throws {
        try await TestWorld.run { world in
            let tenant = try await world.createTenant("Careful")
            let other = try await world.createTenant("Someone else")
            let server = try await world.serve()
            let api = world.client(server, tenant)
            let otherAPI = world.client(server, other)

            let competitorID = try await api.createCompetitor(name: "Rival Inc", website: world.fixture.baseURL)
            let foreignID = try await otherAPI.createCompetitor(name: "Not yours", website: "https://example.com/")
            let competitorsBefore = try await api.get("/v1/competitors").json(expecting: 200)
            let monitorsBefore = try await api.get("/v1/monitors").json(expecting: 200)

            // Bodies.
            expectProblem(try await api.post("/v1/competitors", raw: #"{"name": "Acme","#), status: 400, "truncated JSON")
            expectProblem(try await api.post("/v1/competitors", raw: "name=Acme"), status: 400, "not JSON")
            expectProblem(try await api.post("/v1/competitors", raw: #"["Acme"]"#), status: 400, "JSON array body")
            expectProblem(
                try await api.post("/v1/competitors", raw: #"{"name":"Acme","colour":"red"}"#), status: 422,
                fields: ["colour"], "unknown field")
            expectProblem(try await api.post("/v1/competitors", raw: #"{"name":5}"#), status: 422, fields: ["name"], "name: 5")
            expectProblem(try await api.post("/v1/competitors", raw: "{}"), status: 422, fields: ["name"], "missing name")
            expectProblem(
                try await api.post("/v1/competitors", raw: #"{"name":"Acme","tags":"pricing"}"#), status: 422,
                fields: ["tags"], "tags as a string")
            let oversized = #"{"name":""# + String(repeating: "a", count: 100 * 1_024) + #""}"#
            expectProblem(try await api.post("/v1/competitors", raw: oversized), status: 413, "100 KiB body")
            expectProblem(
                try await api.send(.POST, "/v1/competitors", body: Array(#"{"name":"Acme"}"#.utf8), contentType: "text/plain"),
                status: 415, "text/plain body")
            for website in ["ftp://x", "not a url"] {
                expectProblem(
                    try await api.post("/v1/competitors", fields: ["name": "Acme", "website": website]), status: 422,
                    fields: ["website"], "website \(website)")
            }
            for url in ["ftp://x", "not a url", "http://user:secret@127.0.0.1/"] {
                expectProblem(
                    try await api.post("/v1/monitors", fields: ["competitor_id": competitorID, "url": url, "kind": "html"]),
                    status: 422, fields: ["url"], "monitor url \(url)")
            }
            expectProblem(
                try await api.post(
                    "/v1/monitors",
                    raw: #"{"competitor_id":5,"url":"ftp://x","kind":"pdf","interval_seconds":"soon","enabled":"yes"}"#),
                status: 422, fields: ["competitor_id", "url", "kind", "interval_seconds", "enabled"], "every field wrong at once")
            expectProblem(
                try await api.post(
                    "/v1/monitors", fields: ["competitor_id": competitorID, "url": world.fixture.baseURL, "selector": "ul >"]),
                status: 422, fields: ["selector"], "broken selector")
            expectProblem(
                try await api.post(
                    "/v1/monitors",
                    fields: ["competitor_id": Self.unknownCompetitor, "url": world.fixture.baseURL, "kind": "html"]),
                status: 422, fields: ["competitor_id"], "unknown competitor id")
            expectProblem(
                try await api.post("/v1/monitors", fields: ["competitor_id": foreignID, "url": world.fixture.baseURL]),
                status: 422, fields: ["competitor_id"], "another tenant's competitor in a new monitor")
            expectProblem(
                try await api.post("/v1/channels", fields: ["kind": "carrier-pigeon", "url": "ftp://x"]), status: 422,
                fields: ["kind", "url"], "bad channel")

            // Ids that name nothing (well-formed or not), and other tenants' ids.
            let notFound: [(HTTPMethod, String)] = [
                (.GET, "/v1/monitors/\(Self.unknownMonitor)"),
                (.GET, "/v1/monitors/garbage"),
                (.GET, "/v1/monitors/\(Self.unknownMonitor)/checks"),
                (.POST, "/v1/monitors/\(Self.unknownMonitor)/check"),
                (.DELETE, "/v1/monitors/%27%3B%20DROP%20TABLE%20monitors%3B--"),
                (.GET, "/v1/competitors/\(Self.unknownCompetitor)"),
                (.GET, "/v1/competitors/\(foreignID)"),
                (.DELETE, "/v1/competitors/\(foreignID)"),
                (.GET, "/v1/jobs/job_\(String(repeating: "f", count: 32))"),
                (.GET, "/v1/changes/chg_zz"),
                (.GET, "/v1/no-such-route"),
            ]
            for (method, path) in notFound {
                expectProblem(try await api.send(method, path), status: 404, "\(method) \(path)")
            }
            expectProblem(
                try await api.patch("/v1/competitors/\(foreignID)", fields: ["name": "Mine now"]), status: 404,
                "PATCH another tenant's competitor")

            // Query parameters.
            let badQueries: [(String, String)] = [
                ("/v1/jobs?status=bogus", "status"),
                ("/v1/changes?monitor_id=garbage", "monitor_id"),
                ("/v1/competitors?limit=0", "limit"),
                ("/v1/competitors?cursor=not-a-cursor", "cursor"),
            ]
            for (path, field) in badQueries {
                expectProblem(try await api.get(path), status: 400, fields: [field], "GET \(path)")
            }

            // Keys.
            let base = server.baseURL
            let unauthorized: [(String?, String)] = [
                (nil, "no Authorization header"),
                ("Bearer not-a-real-key", "an invalid key"),
                ("Bearer ", "an empty key"),
                ("Basic \(Data("user:\(tenant.apiKey)".utf8).base64EncodedString())", "the Basic scheme"),
            ]
            for (authorization, what) in unauthorized {
                let client = APIClient(baseURL: base, authorization: authorization)
                expectProblem(try await client.get("/v1/competitors"), status: 401, "GET with \(what)")
                expectProblem(
                    try await client.post("/v1/competitors", fields: ["name": "Sneaky"]), status: 401, "POST with \(what)")
            }

            // Nothing of that changed anything, for either tenant.
            #expect(try await api.get("/v1/competitors").json(expecting: 200) == competitorsBefore)
            let monitorsAfter = try await api.get("/v1/monitors").json(expecting: 200)
            #expect(monitorsAfter == monitorsBefore, "monitors: \(monitorsAfter)")
            #expect(monitorsAfter["data"]?.array?.isEmpty == true)
            let foreign = try await otherAPI.get("/v1/competitors/\(foreignID)").json(expecting: 200)
            #expect(foreign["name"]?.string == "Not yours")
            #expect(try await otherAPI.get("/v1/competitors").json(expecting: 200)["data"]?.array?.count == 1)
        }
    }
}
