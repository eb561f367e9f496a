import SpyglassFetch
import SpyglassPorts
import Testing

@Suite struct RobotsTests {
    private let rules = FixtureRoutes(robots: .text("User-agent: *\nDisallow: /private\n"))

    @Test func disallowedPathsAreNotFetchedAndRobotsIsCached() async throws {
        try await withFixture(routes: rules) { fixture in
            let fetcher = TestHTTP.fetcher()
            let failure = await TestHTTP.failure {
                try await fetcher.fetch(FetchRequest(url: fixture.url("/private/page")))
            }
            #expect(failure?.code == .robotsDisallowed)
            #expect(failure?.message == "robots.txt disallows /private/page for SpyglassBot")

            for _ in 0..<2 {
                guard case .fetched = try await fetcher.fetch(FetchRequest(url: fixture.url("/page"))) else {
                    Issue.record("expected /page to be fetched")
                    return
                }
            }
            #expect(await fixture.log.count(of: "/robots.txt") == 1)
            #expect(await fixture.log.count(of: "/private/page") == 0)
            #expect(await fixture.log.count(of: "/page") == 2)
        }
    }

    @Test func robotsFollowsTheUserAgentGroup() async throws {
        let routes = FixtureRoutes(robots: .text("User-agent: *\nDisallow: /\n\nUser-agent: SpyglassBot\nAllow: /\n"))
        try await withFixture(routes: routes) { fixture in
            let result = try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/page")))
            guard case .fetched = result else {
                Issue.record("expected /page to be fetched, got \(result)")
                return
            }
            let robots = try #require(await fixture.log.requests.first { $0.path == "/robots.txt" })
            #expect(robots.headers["user-agent"] == OutboundHTTPConfiguration.defaultUserAgent)
        }
    }

    @Test func anExpiredCacheReadsRobotsAgain() async throws {
        try await withFixture(routes: rules) { fixture in
            let fetcher = TestHTTP.fetcher(TestHTTP.configuration(robotsCacheTTL: .zero))
            _ = try await fetcher.fetch(FetchRequest(url: fixture.url("/page")))
            _ = try await fetcher.fetch(FetchRequest(url: fixture.url("/page")))
            #expect(await fixture.log.count(of: "/robots.txt") == 2)
        }
    }

    @Test func missingRobotsAllowsEverything() async throws {
        try await withFixture(routes: FixtureRoutes(robots: .notFound)) { fixture in
            let result = try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/private/page")))
            guard case .fetched = result else {
                Issue.record("expected a document, got \(result)")
                return
            }
            #expect(await fixture.log.paths == ["/robots.txt", "/private/page"])
        }
    }

    @Test func unreadableRobotsHoldsOffForNow() async throws {
        try await withFixture(routes: FixtureRoutes(robots: .status(503))) { fixture in
            let fetcher = TestHTTP.fetcher()
            for _ in 0..<2 {
                let failure = await TestHTTP.failure { try await fetcher.fetch(FetchRequest(url: fixture.url("/page"))) }
                #expect(failure?.code == .httpStatus)
                #expect(failure?.statusCode == 503)
                #expect(failure?.isTransient == true)
                #expect(
                    failure?.message
                        == "robots.txt for 127.0.0.1 is unavailable for now (HTTP 503), so nothing is fetched from it"
                )
            }
            // Not cached: each attempt asks again, and the page is never fetched.
            #expect(await fixture.log.paths == ["/robots.txt", "/robots.txt"])
        }
    }

    @Test func robotsCanBeIgnoredByConfiguration() async throws {
        try await withFixture(routes: FixtureRoutes(robots: .text("User-agent: *\nDisallow: /\n"))) { fixture in
            let fetcher = TestHTTP.fetcher(TestHTTP.configuration(honourRobots: false))
            guard case .fetched = try await fetcher.fetch(FetchRequest(url: fixture.url("/page"))) else {
                Issue.record("expected a document")
                return
            }
            #expect(await fixture.log.paths == ["/page"])
        }
    }

    @Test func everyRedirectHopIsCheckedAgainstItsRobots() async throws {
        let routes = FixtureRoutes(robots: .text("User-agent: *\nDisallow: /secret\n"))
        try await withFixture(routes: routes) { fixture in
            let failure = await TestHTTP.failure {
                try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/redirect-to?target=/secret")))
            }
            #expect(failure?.code == .robotsDisallowed)
            #expect(await fixture.log.count(of: "/secret") == 0)
        }
    }

    @Test func robotsRedirectsAreFollowedThroughTheGuard() async throws {
        let routes = FixtureRoutes(robots: .redirect("/robots-elsewhere.txt"))
        try await withFixture(host: "127.0.0.2") { forbidden in
            // A robots.txt we may not read counts as none: the page is fetched.
            let away = FixtureRoutes(robots: .redirect(forbidden.url("/robots.txt")))
            try await withFixture(routes: away) { fixture in
                let result = try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/page")))
                guard case .fetched = result else {
                    Issue.record("expected a document, got \(result)")
                    return
                }
            }
            #expect(await forbidden.log.requests.isEmpty)
        }
        try await withFixture(routes: routes) { fixture in
            _ = try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/page")))
            #expect(await fixture.log.paths == ["/robots.txt", "/robots-elsewhere.txt", "/page"])
        }
    }
}
