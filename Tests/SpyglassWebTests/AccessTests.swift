import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
@testable import SpyglassWeb
import Testing

@Suite("Setup, sign-in, sessions and CSRF")
struct AccessTests {
    @Test("an empty instance sends everyone to the setup page, which makes the owner and signs them in")
    func setUp() async throws {
        let harness = try await WebHarness()
        try await harness.run { browser in
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.location == "/signin")
            let signIn = try await browser.get("/signin")
            #expect(signIn.location == "/setup")

            try await browser.setUpOwner()
            let overview = try await browser.get("/")
            #expect(overview.status == .ok)
            #expect(overview.contains("What changed"))
            #expect(overview.contains(WebHarness.ownerEmail))
            #expect(overview.contains(#"id="current-role">owner<"#))
            #expect(overview.contains("Acme Intel"))

            // Once someone exists, the setup page is closed.
            let again = try await browser.fresh().get("/setup")
            #expect(again.location == "/signin")
        }
        let owner = try #require(try await harness.storage.user(email: WebHarness.ownerEmail))
        #expect(owner.role == .owner)
        #expect(owner.passwordHash.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(try await harness.storage.userCount() == 1)
    }

    @Test("setup reuses the workspace serve created")
    func setUpUsesFirstWorkspace() async throws {
        let harness = try await WebHarness()
        let existing = try await TenantProvisioning(storage: harness.storage).createTenant(name: "My workspace").tenant
        try await harness.run { browser in try await browser.setUpOwner() }
        #expect(try await harness.storage.tenantCount() == 1)
        #expect(try await harness.storage.user(email: WebHarness.ownerEmail)?.tenantID == existing.id)
        #expect(try await harness.storage.scoped(to: existing.id).workspace()?.name == "Acme Intel")
    }

    @Test("setup refuses a short password, a mismatch and a bad address, and creates nobody")
    func setUpValidates() async throws {
        let harness = try await WebHarness()
        try await harness.run { browser in
            try await browser.get("/setup")
            let short = try await browser.post("/setup", [
                ("email", "owner@acme.example"), ("password", "short"), ("password_confirm", "short"),
            ])
            #expect(short.status == .unprocessableContent)
            #expect(short.contains("at least 10 characters"))
            let mismatch = try await browser.post("/setup", [
                ("email", "not-an-address"), ("password", "long enough one"), ("password_confirm", "long enough two"),
            ])
            #expect(mismatch.contains("The two passwords differ."))
            #expect(mismatch.contains("Enter a valid e-mail address."))
        }
        #expect(try await harness.storage.userCount() == 0)
    }

    @Test("the session cookie is HttpOnly, SameSite=Lax, Path=/, and not Secure over plain HTTP")
    func cookieAttributes() async throws {
        let harness = try await WebHarness()
        try await harness.run { browser in
            try await browser.get("/setup")
            let done = try await browser.post("/setup", [
                ("email", "owner@acme.example"), ("password", WebHarness.password),
                ("password_confirm", WebHarness.password),
            ])
            let cookie = try #require(done.setCookies.first { $0.hasPrefix("sg_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
        }
    }

    @Test("SPYGLASS_SECURE_COOKIES marks cookies Secure")
    func secureCookies() async throws {
        let storage = SQLiteStorage(database: try await EmbeddedDatabase.inMemory())
        let sessions = Sessions(storage: storage, clock: SystemWallClock(), settings: WebSettings(secureCookies: true))
        let request = Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: "/"), body: RequestBody(buffer: ByteBuffer()))
        #expect(sessions.cookie("sg_session", value: "x", maxAge: 60, request: request).secure)
        let plain = Sessions(storage: storage, clock: SystemWallClock(), settings: WebSettings())
        #expect(!plain.cookie("sg_session", value: "x", maxAge: 60, request: request).secure)
        let tls = Request(head: HTTPRequest(method: .get, scheme: "https", authority: "localhost", path: "/"), body: RequestBody(buffer: ByteBuffer()))
        #expect(plain.cookie("sg_session", value: "x", maxAge: 60, request: tls).secure)
    }

    @Test("sign-in with the right password starts a session; a wrong one does not")
    func signIn() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let browser = owner.fresh()
            try await browser.get("/signin")
            let wrong = try await browser.post("/signin", [("email", WebHarness.ownerEmail), ("password", "not the password")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.contains("do not match an account"))
            let unknown = try await browser.post("/signin", [("email", "nobody@acme.example"), ("password", "whatever it is")])
            #expect(unknown.status == .unauthorized)
            #expect(unknown.contains("do not match an account"))
            #expect(try await browser.get("/").status == .seeOther)

            let right = try await browser.post("/signin", [
                ("email", " Owner@Acme.Example "), ("password", WebHarness.password), ("next", "/competitors"),
            ])
            #expect(right.status == .seeOther)
            #expect(right.location == "/competitors")
            #expect(try await browser.get("/competitors").status == .ok)
        }
    }

    @Test("a page asked for while signed out comes back after sign-in; next= never leaves the site")
    func nextPath() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let browser = owner.fresh()
            let asked = try await browser.get("/competitors")
            #expect(asked.location == "/signin?next=%2Fcompetitors")
            try await browser.get("/signin?next=%2Fcompetitors")
            let evil = try await browser.post("/signin", [
                ("email", WebHarness.ownerEmail), ("password", WebHarness.password), ("next", "//evil.example/x"),
            ])
            #expect(evil.location == "/")
        }
    }

    @Test("sign-out ends the session: the old cookie signs nobody in")
    func signOut() async throws {
        let harness = try await WebHarness()
        try await harness.run { browser in
            try await browser.setUpOwner()
            let oldCookie = await browser.cookies[Sessions.cookieName]
            let out = try await browser.post("/signout")
            #expect(out.status == .seeOther)
            #expect(out.location == "/signin?notice=signed-out")
            #expect(out.setCookies.contains { $0.hasPrefix("sg_session=;") && $0.contains("Max-Age=0") })

            // Someone who kept the old cookie is sent to sign in, for pages and forms alike.
            let replay = browser.fresh()
            await replay.setCookie(Sessions.cookieName, oldCookie)
            let page = try await replay.get("/")
            #expect(page.status == .seeOther)
            #expect(page.location == "/signin")
            let form = try await replay.post("/competitors", [("name", "Sneaky")], csrf: "anything")
            #expect(form.status == .seeOther)
            #expect(form.location == "/signin")
        }
        let tenant = try #require(await harness.storage.firstTenant())
        #expect(try await harness.storage.scoped(to: tenant.id).competitors(page: .init()).items.isEmpty)
    }

    @Test("a garbage or forged session cookie signs nobody in", arguments: [
        "", "x", String(repeating: "A", count: 43), "../../etc/passwd", String(repeating: "é", count: 43),
    ])
    func forgedCookie(value: String) async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let browser = owner.fresh()
            await browser.setCookie(Sessions.cookieName, value)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test("a POST without the CSRF token, or with another, is refused with 403 and changes nothing")
    func csrf() async throws {
        let harness = try await WebHarness()
        try await harness.run { browser in
            try await browser.setUpOwner()
            let missing = try await browser.post("/competitors", [("name", "No token")], csrf: .some(nil))
            #expect(missing.status == .forbidden)
            #expect(missing.contains("security token"))
            let wrong = try await browser.post("/competitors", [("name", "Wrong token")], csrf: RandomToken.make())
            #expect(wrong.status == .forbidden)
            let right = try await browser.post("/competitors", [("name", "Right token")])
            #expect(right.status == .seeOther)

            // The forms shown before signing in check their own token too.
            let anonymous = browser.fresh()
            let signIn = try await anonymous.post(
                "/signin", [("email", WebHarness.ownerEmail), ("password", WebHarness.password)], csrf: .some(nil))
            #expect(signIn.status == .forbidden)
            #expect(await anonymous.cookies[Sessions.cookieName] == nil)
        }
        let tenant = try #require(await harness.storage.firstTenant())
        let names = try await harness.storage.scoped(to: tenant.id).competitors(page: .init()).items.map(\.name)
        #expect(names == ["Right token"])
    }

    @Test("sign-in attempts are rate-limited per e-mail address")
    func rateLimit() async throws {
        let harness = try await WebHarness(signInPerEmail: RateLimitPolicy(limit: 3, window: .seconds(900)))
        try await harness.run { owner in
            try await owner.setUpOwner()
            let browser = owner.fresh()
            try await browser.get("/signin")
            for _ in 0..<3 {
                let attempt = try await browser.post("/signin", [("email", WebHarness.ownerEmail), ("password", "guess guess")])
                #expect(attempt.status == .unauthorized)
            }
            let limited = try await browser.post("/signin", [("email", WebHarness.ownerEmail), ("password", WebHarness.password)])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.contains("Too many sign-in attempts"))
            #expect(await browser.cookies[Sessions.cookieName] == nil)
            // Another address is not held back by this one's attempts.
            let other = try await browser.post("/signin", [("email", "else@acme.example"), ("password", "guess guess")])
            #expect(other.status == .unauthorized)
        }
    }
}
