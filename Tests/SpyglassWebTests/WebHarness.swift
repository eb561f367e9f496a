import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
@testable import SpyglassWeb
import Testing

/// The dashboard on a fresh in-memory database, driven without a socket.
struct WebHarness {
    let storage: SQLiteStorage
    let queue: SQLiteJobQueue
    let pubSub: InMemoryPubSub
    let application: Application<RouterResponder<WebRequestContext>>

    /// Fast password hashing for tests (the default is OWASP's 600,000).
    static let testPasswords = PasswordHasher(iterations: 1_000)

    init(
        signInPerEmail: RateLimitPolicy = RateLimitPolicy(limit: 50, window: .seconds(900)),
        fetcher: (any PageFetcher)? = nil
    ) async throws {
        let database = try await EmbeddedDatabase.inMemory()
        storage = SQLiteStorage(database: database)
        queue = SQLiteJobQueue(database: database)
        pubSub = InMemoryPubSub()
        let dependencies = WebDependencies(
            storage: storage, queue: queue, clock: SystemWallClock(), intervalPolicy: CheckIntervalPolicy(),
            pubSub: pubSub, rateLimiter: InMemoryRateLimiter(),
            preview: fetcher.map { MonitorPreview(fetcher: $0).preview },
            settings: WebSettings(passwords: Self.testPasswords, signInPerEmail: signInPerEmail))
        application = Application(router: try await SpyglassWeb.buildRouter(dependencies))
    }

    func run(_ body: @Sendable (Browser) async throws -> Void) async throws {
        try await application.test(.router) { client in
            try await body(Browser(client: client))
        }
    }

    /// The owner set up and signed in through the setup page, with the workspace's storage and seeds.
    func runAsOwner(_ body: @Sendable (Browser, any TenantStorage, Seed) async throws -> Void) async throws {
        try await run { browser in
            try await browser.setUpOwner()
            let tenant = try #require(await storage.firstTenant())
            let store = storage.scoped(to: tenant.id)
            try await body(browser, store, Seed(store: store))
        }
    }

    /// A workspace with an owner signed in through the setup page.
    static let ownerEmail = "owner@acme.example"
    static let password = "correct horse battery"
}

/// A browser of sorts: keeps cookies, reads each page's CSRF token, posts forms.
actor Browser {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf: String?

    init(client: any TestClientProtocol) {
        self.client = client
    }

    /// Another browser on the same server, with no cookies.
    nonisolated func fresh() -> Browser { Browser(client: client) }

    struct Page: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let html: String

        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }

        func contains(_ text: String) -> Bool { html.contains(text) }
    }

    @discardableResult
    func get(_ uri: String) async throws -> Page {
        try await send(.get, uri, body: nil)
    }

    /// Posts `fields` with this browser's CSRF token (unless `csrf` says otherwise).
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)] = [], csrf token: String?? = .none) async throws -> Page {
        var all = fields
        switch token {
        case .none: if let csrf { all.append(("_csrf", csrf)) }
        case .some(.some(let value)): all.append(("_csrf", value))
        case .some(.none): break
        }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, uri, body: body)
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, body: String?) async throws -> Page {
        var headers = HTTPFields()
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.executeRequest(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let page = Page(status: response.status, headers: response.headers,
                        html: String(buffer: response.body))
        for header in page.setCookies {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0])
            if header.contains("Max-Age=0") || pair[1].isEmpty { cookies[name] = nil } else { cookies[name] = String(pair[1]) }
        }
        if let token = Self.csrfToken(in: page.html) { csrf = token }
        return page
    }

    func setCookie(_ name: String, _ value: String?) {
        cookies[name] = value
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        let token = String(rest[..<end])
        return token.isEmpty ? nil : token
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Sets up the instance's owner through the setup page and stays signed in.
    func setUpOwner(email: String = WebHarness.ownerEmail, password: String = WebHarness.password) async throws {
        let form = try await get("/setup")
        #expect(form.status == .ok)
        let done = try await post("/setup", [
            ("workspace", "Acme Intel"), ("email", email), ("password", password), ("password_confirm", password),
        ])
        #expect(done.status == .seeOther)
        #expect(done.location == "/?notice=welcome")
        try await get("/")
    }

    /// Invites `email` with `role` as the signed-in admin and returns the invitation's path.
    func invite(_ email: String, role: WorkspaceRole) async throws -> String {
        try await get("/team")
        let page = try await post("/team/invites", [("email", email), ("role", role.rawValue)])
        #expect(page.status == .created)
        guard let start = page.html.range(of: "/invite/") else {
            Issue.record("no invitation link on the page")
            return "/invite/missing"
        }
        let tail = page.html[start.lowerBound...]
        let end = tail.firstIndex(of: "\"") ?? tail.endIndex
        return String(tail[..<end])
    }

    /// Accepts an invitation in this browser (which then is signed in as the invited person).
    func accept(_ path: String, password: String = WebHarness.password) async throws {
        let form = try await get(path)
        #expect(form.status == .ok)
        let done = try await post(path, [("password", password), ("password_confirm", password)])
        #expect(done.status == .seeOther)
        try await get("/")
    }
}

/// Serves fixed pages to the preview, as the real fetcher would after its checks.
struct StubFetcher: PageFetcher {
    var pages: [String: String]

    func fetch(_ request: FetchRequest) async throws -> FetchResult {
        guard let body = pages[request.url] else {
            throw FetchFailure(.addressRefused, "the address of \(request.url) is not allowed")
        }
        return .fetched(FetchedDocument(
            finalURL: request.url, statusCode: 200, contentType: "text/html; charset=utf-8", body: Array(body.utf8)))
    }
}
