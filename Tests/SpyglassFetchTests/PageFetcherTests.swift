import FetchGuard
import SpyglassFetch
import SpyglassPorts
import Testing

@Suite struct PageFetcherTests {
    @Test func plainFetch() async throws {
        try await withFixture { fixture in
            let result = try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/page")))
            guard case .fetched(let document) = result else {
                Issue.record("expected a document, got \(result)")
                return
            }
            #expect(document.statusCode == 200)
            #expect(document.body == Array(FixtureRoutes.pageBody.utf8))
            #expect(document.contentType == "text/html; charset=utf-8")
            #expect(document.etag == "\"v1\"")
            #expect(document.lastModified == "Wed, 21 Oct 2015 07:28:00 GMT")
            #expect(document.finalURL == fixture.url("/page"))

            let page = try #require(await fixture.log.requests.first { $0.path == "/page" })
            #expect(page.headers["user-agent"] == OutboundHTTPConfiguration.defaultUserAgent)
            #expect(page.headers["accept-encoding"]?.contains("gzip") == true)
            #expect(page.headers["if-none-match"] == nil)
        }
    }

    @Test func conditionalGetGivesNotModified() async throws {
        try await withFixture { fixture in
            let fetcher = TestHTTP.fetcher()
            let byETag = try await fetcher.fetch(FetchRequest(url: fixture.url("/conditional"), etag: "\"v1\""))
            #expect(byETag == .notModified)
            let byDate = try await fetcher.fetch(
                FetchRequest(url: fixture.url("/conditional"), lastModified: "Wed, 21 Oct 2015 07:28:00 GMT")
            )
            #expect(byDate == .notModified)
            let stale = try await fetcher.fetch(FetchRequest(url: fixture.url("/conditional"), etag: "\"v0\""))
            guard case .fetched(let document) = stale else {
                Issue.record("expected a document, got \(stale)")
                return
            }
            #expect(document.body == Array("fresh".utf8))

            let sent = await fixture.log.requests.filter { $0.path == "/conditional" }.map(\.headers)
            #expect(sent.map { $0["if-none-match"] } == ["\"v1\"", nil, "\"v0\""])
            #expect(sent[1]["if-modified-since"] == "Wed, 21 Oct 2015 07:28:00 GMT")
        }
    }

    @Test func validatorsThatCannotBeSentAreDropped() async throws {
        try await withFixture { fixture in
            let result = try await TestHTTP.fetcher().fetch(
                FetchRequest(url: fixture.url("/conditional"), etag: "\"v1\"\r\nX-Injected: yes")
            )
            guard case .fetched = result else {
                Issue.record("expected a document, got \(result)")
                return
            }
            let sent = try #require(await fixture.log.requests.first { $0.path == "/conditional" })
            #expect(sent.headers["x-injected"] == nil)
            #expect(sent.headers["if-none-match"] == nil)
        }
    }

    @Test func redirectChainIsFollowed() async throws {
        try await withFixture { fixture in
            let result = try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/redirect/3")))
            guard case .fetched(let document) = result else {
                Issue.record("expected a document, got \(result)")
                return
            }
            #expect(document.finalURL == fixture.url("/redirect/0"))
            #expect(document.body == Array("end of the chain".utf8))
            let paths = await fixture.log.paths.filter { $0 != "/robots.txt" }
            #expect(paths == ["/redirect/3", "/redirect/2", "/redirect/1", "/redirect/0"])
        }
    }

    @Test func tooManyRedirects() async throws {
        try await withFixture { fixture in
            let failure = await TestHTTP.failure {
                try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/redirect/6")))
            }
            #expect(failure?.code == .tooManyRedirects)
            #expect(failure?.message.contains("more than 5 redirects") == true)
            let paths = await fixture.log.paths.filter { $0 != "/robots.txt" }
            #expect(paths.count == 6)
            #expect(!paths.contains("/redirect/0"))
        }
    }

    @Test func serverErrorIsAnHTTPStatusFailure() async throws {
        try await withFixture { fixture in
            let failure = await TestHTTP.failure {
                try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/status/500")))
            }
            #expect(failure?.code == .httpStatus)
            #expect(failure?.statusCode == 500)
            #expect(failure?.isTransient == true)
            #expect(failure?.message == "127.0.0.1 answered HTTP 500")

            let notFound = await TestHTTP.failure {
                try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/status/404")))
            }
            #expect(notFound?.statusCode == 404)
            #expect(notFound?.isTransient == false)
        }
    }

    @Test func gzipBodiesAreDecoded() async throws {
        try await withFixture { fixture in
            let result = try await TestHTTP.fetcher().fetch(FetchRequest(url: fixture.url("/gzip")))
            guard case .fetched(let document) = result else {
                Issue.record("expected a document, got \(result)")
                return
            }
            #expect(document.body == Array(FixtureRoutes.gzipText.utf8))
        }
    }

    @Test(arguments: ["/big", "/big-chunked", "/gzip-chunked-big"])
    func oversizedBodiesAreRefused(path: String) async throws {
        try await withFixture { fixture in
            let fetcher = TestHTTP.fetcher(TestHTTP.configuration(maxBodyBytes: 2048))
            let failure = await TestHTTP.failure { try await fetcher.fetch(FetchRequest(url: fixture.url(path))) }
            #expect(failure?.code == .bodyTooLarge)
        }
    }

    @Test func slowAnswersTimeOut() async throws {
        try await withFixture { fixture in
            let fetcher = TestHTTP.fetcher(TestHTTP.configuration(totalTimeout: .milliseconds(300), honourRobots: false))
            let failure = await TestHTTP.failure { try await fetcher.fetch(FetchRequest(url: fixture.url("/slow"))) }
            #expect(failure?.code == .timeout)
            #expect(failure?.isTransient == true)
        }
    }

    @Test func refusedConnectionIsANetworkFailure() async throws {
        // A port that was just in use and is now closed.
        let closedPort = try await withFixture { $0.port }
        let failure = await TestHTTP.failure {
            try await TestHTTP.fetcher().fetch(FetchRequest(url: "http://127.0.0.1:\(closedPort)/page"))
        }
        #expect(failure?.code == .network)
        #expect(failure?.message.contains("127.0.0.1") == true)
    }

    @Test(arguments: [
        "file:///etc/passwd", "ftp://127.0.0.1/file", "gopher://127.0.0.1/", "javascript:alert(1)", "http:///path",
        "not a url", "", "//127.0.0.1/page", "http://user:secret@127.0.0.1/", "http://127.0.0.1:99999/",
    ])
    func unsupportedURLsAreRefused(url: String) async {
        let resolver = StubResolver()
        let failure = await TestHTTP.failure {
            try await TestHTTP.fetcher(resolver: resolver).fetch(FetchRequest(url: url))
        }
        #expect(failure?.code == .invalidURL)
        #expect(await resolver.lookups.isEmpty)
    }
}
