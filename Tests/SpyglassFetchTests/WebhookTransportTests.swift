import SpyglassFetch
import SpyglassPorts
import Testing

@Suite struct WebhookTransportTests {
    private func transport(resolver: any HostResolver = StubResolver()) -> HTTPWebhookTransport {
        HTTPWebhookTransport(
            http: OutboundHTTP(configuration: TestHTTP.configuration(), resolver: resolver, rateLimiter: nil)
        )
    }

    @Test func postDeliversHeadersAndBody() async throws {
        try await withFixture(routes: FixtureRoutes(robots: .text("User-agent: *\nDisallow: /\n"))) { fixture in
            let body = Array(#"{"event":"change.detected","id":42}"#.utf8)
            let response = try await transport().post(
                OutboundPost(
                    url: fixture.url("/hook"),
                    headers: [
                        HeaderField("Content-Type", "application/json"),
                        HeaderField("X-Spyglass-Signature", "t=1,v1=abc"),
                    ],
                    body: body
                )
            )
            #expect(response.statusCode == 202)
            #expect(response.isSuccess)
            #expect(response.bodyExcerpt.hasPrefix("accepted:xxx"))
            #expect(response.bodyExcerpt.utf8.count == HTTPWebhookTransport.excerptBytes)

            #expect(await fixture.log.bodies == [body])
            let hook = try #require(await fixture.log.requests.first)
            #expect(hook.method == "POST")
            #expect(hook.headers["content-type"] == "application/json")
            #expect(hook.headers["x-spyglass-signature"] == "t=1,v1=abc")
            #expect(hook.headers["user-agent"] == OutboundHTTPConfiguration.defaultUserAgent)
            // Webhooks never read robots.txt.
            #expect(await fixture.log.paths == ["/hook"])
        }
    }

    @Test func redirectsAreReportedNotFollowed() async throws {
        try await withFixture { fixture in
            let response = try await transport().post(
                OutboundPost(url: fixture.url("/hook-redirect"), headers: [], body: [])
            )
            #expect(response.statusCode == 307)
            #expect(!response.isSuccess)
            #expect(await fixture.log.paths == ["/hook-redirect"])
        }
    }

    @Test func theGuardAppliesToWebhooks() async throws {
        try await withFixture(host: "127.0.0.2") { forbidden in
            let resolver = StubResolver(["hooks.example": ["127.0.0.2"]])
            for url in [forbidden.url("/hook"), "http://hooks.example:\(forbidden.port)/hook", "http://10.0.0.1/hook"] {
                let failure = await TestHTTP.failure {
                    try await transport(resolver: resolver).post(OutboundPost(url: url, headers: [], body: [1]))
                }
                #expect(failure?.code == .addressRefused)
            }
            #expect(await forbidden.log.requests.isEmpty)
        }
    }

    @Test func unsendableHeadersAreRefused() async throws {
        try await withFixture { fixture in
            let failure = await TestHTTP.failure {
                try await transport().post(
                    OutboundPost(url: fixture.url("/hook"), headers: [HeaderField("X-Bad", "a\r\nInjected: 1")], body: [])
                )
            }
            #expect(failure?.code == .invalidURL)
            #expect(await fixture.log.requests.isEmpty)
        }
    }
}
