import SpyglassFetch
import SpyglassPorts
import Testing

@Suite struct PolitenessTests {
    @Test func theLimiterIsConsultedBeforeEveryRequestPerHost() async throws {
        try await withFixture { fixture in
            let resolver = StubResolver(["first.test": ["127.0.0.1"], "second.test": ["127.0.0.1"]])
            // The first request is refused once: the fetcher must wait and ask again.
            let limiter = RecordingLimiter(refusals: 1)
            let fetcher = TestHTTP.fetcher(
                TestHTTP.configuration(politenessInterval: .seconds(2)), resolver: resolver, limiter: limiter
            )
            let target = "http://second.test:\(fixture.port)/page"
            let result = try await fetcher.fetch(
                FetchRequest(url: "http://first.test:\(fixture.port)/redirect-to?target=\(target)")
            )
            guard case .fetched = result else {
                Issue.record("expected a document, got \(result)")
                return
            }
            // robots.txt (refused, then granted) and the page on each host.
            #expect(
                await limiter.keys == [
                    "politeness:first.test", "politeness:first.test", "politeness:first.test",
                    "politeness:second.test", "politeness:second.test",
                ]
            )
            #expect(await limiter.policies.allSatisfy { $0 == RateLimitPolicy(limit: 1, window: .seconds(2)) })
            #expect(await fixture.log.paths == ["/robots.txt", "/redirect-to", "/robots.txt", "/page"])
        }
    }

    @Test func aZeroIntervalSkipsTheLimiter() async throws {
        try await withFixture { fixture in
            let limiter = RecordingLimiter()
            _ = try await TestHTTP.fetcher(limiter: limiter).fetch(FetchRequest(url: fixture.url("/page")))
            #expect(await limiter.keys.isEmpty)
        }
    }

    @Test func waitingForTurnCanBeCancelled() async throws {
        try await withFixture { fixture in
            let limiter = RecordingLimiter(refusals: 1_000_000)
            let fetcher = TestHTTP.fetcher(
                TestHTTP.configuration(honourRobots: false, politenessInterval: .seconds(1)), limiter: limiter
            )
            let task = Task { try await fetcher.fetch(FetchRequest(url: fixture.url("/page"))) }
            while await limiter.keys.count < 3 { try await Task.sleep(for: .milliseconds(5)) }
            task.cancel()
            let failure = await TestHTTP.failure { try await task.value }
            #expect(failure?.code == .network)
            #expect(await fixture.log.requests.isEmpty)
        }
    }
}
