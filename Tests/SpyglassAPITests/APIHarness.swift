import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SpyglassAPI
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
import SpyglassPostgres
import PostgresTestSupport
import Testing

/// Where the API under test keeps its data.
enum APIBackend: String, Sendable, CustomTestStringConvertible, CaseIterable {
    case sqlite = "SQLite"
    case postgres = "PostgreSQL"

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when a test server is configured (always in CI).
    static var available: [APIBackend] { TestPostgresServer.isConfigured ? [.sqlite, .postgres] : [.sqlite] }
}

/// The API on a fresh database, driven without a socket.
struct APIHarness {
    let storage: any Storage
    let queue: any JobQueue
    let routes: [DocumentedRoute]
    let application: Application<RouterResponder<APIRequestContext>>
    let key: String
    let otherKey: String
    /// The PostgreSQL database behind the API, dropped by `run`.
    let postgres: TestDatabase?

    init(backend: APIBackend = .sqlite, quota: RateLimitPolicy? = nil) async throws {
        switch backend {
        case .sqlite:
            let database = try await EmbeddedDatabase.inMemory()
            storage = SQLiteStorage(database: database)
            queue = SQLiteJobQueue(database: database)
            postgres = nil
        case .postgres:
            guard let database = try await TestDatabase.make() else {
                throw TestPostgresUnavailable(message: TestPostgresServer.skipMessage)
            }
            storage = PostgresStorage(pool: database.app)
            queue = PostgresJobQueue(pool: database.app)
            postgres = database
        }
        let dependencies = APIDependencies(
            storage: storage, queue: queue, clock: SystemWallClock(), intervalPolicy: CheckIntervalPolicy(),
            pubSub: InMemoryPubSub(), rateLimiter: quota.map { _ in InMemoryRateLimiter() },
            apiQuota: quota ?? RateLimitPolicy(limit: 1, window: .seconds(60)))
        let (router, routes) = SpyglassAPI.buildRouter(dependencies)
        self.routes = routes
        application = Application(router: router)
        key = try await TenantProvisioning(storage: storage).createTenant(name: "Acme").apiKey
        otherKey = try await TenantProvisioning(storage: storage).createTenant(name: "Globex").apiKey
    }

    func run(_ body: @Sendable (APIClient) async throws -> Void) async throws {
        let key = self.key
        let otherKey = self.otherKey
        do {
            try await application.test(.router) { client in
                try await body(APIClient(client: client, key: key, otherKey: otherKey))
            }
        } catch {
            await postgres?.drop()
            throw error
        }
        await postgres?.drop()
    }
}

struct APIClient {
    let client: any TestClientProtocol
    let key: String
    let otherKey: String

    struct Reply {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
        }

        var data: [[String: Any]] { json["data"] as? [[String: Any]] ?? [] }
        var id: String { json["id"] as? String ?? "" }

        var fieldNames: [String] {
            (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        }

        var isProblem: Bool { headers[.contentType] == "application/problem+json" }
    }

    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, as who: String? = nil,
        rawBody: ByteBuffer? = nil, contentType: String = "application/json"
    ) async throws -> Reply {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(who ?? key)"
        if json != nil || rawBody != nil { headers[.contentType] = contentType }
        let body = rawBody ?? json.map { ByteBuffer(string: $0) }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    func competitor(_ name: String = "Rival") async throws -> String {
        let reply = try await send(.post, "/v1/competitors", json: #"{"name":"\#(name)","website":"https://rival.example"}"#)
        #expect(reply.status == .created)
        return reply.id
    }

    func monitor(competitor: String) async throws -> String {
        let reply = try await send(
            .post, "/v1/monitors", json: #"{"competitor_id":"\#(competitor)","url":"https://rival.example/pricing"}"#)
        #expect(reply.status == .created)
        return reply.id
    }
}
