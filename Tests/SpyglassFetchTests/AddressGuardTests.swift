import FetchGuard
import SpyglassFetch
import SpyglassPorts
import Testing

/// The guard decides before any connection. Only loopback fixtures are ever
/// started; for other addresses only the refusal path runs.
@Suite struct AddressGuardTests {
    @Test func redirectToADisallowedLoopbackAddressIsRefused() async throws {
        try await withFixture(host: "127.0.0.2") { forbidden in
            try await withFixture { allowed in
                let target = forbidden.url("/secret")
                let failure = await TestHTTP.failure {
                    try await TestHTTP.fetcher().fetch(FetchRequest(url: allowed.url("/redirect-to?target=\(target)")))
                }
                #expect(failure?.code == .addressRefused)
                #expect(failure?.message.contains("127.0.0.2 is a loopback address") == true)
                #expect(failure?.message.contains("redirect to") == true)
                #expect(await allowed.log.paths.contains("/redirect-to"))
            }
            #expect(await forbidden.log.requests.isEmpty)
        }
    }

    @Test func directLoopbackAddressesOutsideTheAllowListAreRefused() async throws {
        try await withFixture(host: "127.0.0.2") { forbidden in
            let limiter = RecordingLimiter()
            let resolver = StubResolver()
            let fetcher = TestHTTP.fetcher(
                TestHTTP.configuration(politenessInterval: .seconds(1)), resolver: resolver, limiter: limiter
            )
            for url in [
                forbidden.url("/secret"), "http://[::1]:\(forbidden.port)/secret",
                "http://[::ffff:127.0.0.2]:\(forbidden.port)/secret", "http://localhost:\(forbidden.port)/",
                "http://LOCALHOST./", "http://api.localhost/", "http://127.1:\(forbidden.port)/",
                "http://0x7f000002:\(forbidden.port)/", "http://2130706434:\(forbidden.port)/",
            ] {
                let failure = await TestHTTP.failure { try await fetcher.fetch(FetchRequest(url: url)) }
                #expect(failure?.code == .addressRefused, "\(url)")
            }
            #expect(await forbidden.log.requests.isEmpty)
            #expect(await resolver.lookups.isEmpty)
            #expect(await limiter.keys.isEmpty)
        }
    }

    /// Refusal path only: nothing may be sent to these addresses.
    @Test(arguments: [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address (the cloud metadata endpoint)"),
        ("http://10.0.0.1/", "10.0.0.1 is a private network address"),
        ("http://192.168.1.1:8080/admin", "192.168.1.1 is a private network address"),
        ("https://[fd00::1]/", "fd00::1 is a unique local address"),
        ("http://[fe80::1%25eth0]/", "fe80::1%eth0 is a link-local address"),
        ("http://0.0.0.0/", "0.0.0.0 is a \"this network\" address"),
        ("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254 is a link-local address (it embeds IPv4 169.254.169.254, the cloud metadata endpoint)"),
    ])
    func privateAndMetadataAddressesAreRefused(url: String, reason: String) async {
        let resolver = StubResolver()
        let limiter = RecordingLimiter()
        let fetcher = TestHTTP.fetcher(
            TestHTTP.configuration(politenessInterval: .seconds(1)), resolver: resolver, limiter: limiter
        )
        let failure = await TestHTTP.failure { try await fetcher.fetch(FetchRequest(url: url)) }
        #expect(failure?.code == .addressRefused)
        #expect(failure?.message == reason)
        #expect(await resolver.lookups.isEmpty)
        #expect(await limiter.keys.isEmpty)
    }

    @Test func aPublicLookingNameThatResolvesToLoopbackIsRefused() async throws {
        try await withFixture(host: "127.0.0.2") { forbidden in
            let resolver = StubResolver([
                "innocent.example": ["127.0.0.2"],
                "mixed.example": ["127.0.0.1", "127.0.0.2"],
                "metadata.example": ["169.254.169.254"],
            ])
            let fetcher = TestHTTP.fetcher(resolver: resolver)
            let single = await TestHTTP.failure {
                try await fetcher.fetch(FetchRequest(url: "http://innocent.example:\(forbidden.port)/secret"))
            }
            #expect(single?.code == .addressRefused)
            #expect(single?.message == "innocent.example resolves to 127.0.0.2, which is a loopback address")

            let mixed = await TestHTTP.failure {
                try await fetcher.fetch(FetchRequest(url: "http://Mixed.Example:\(forbidden.port)/secret"))
            }
            #expect(mixed?.code == .addressRefused)
            #expect(mixed?.message.contains("127.0.0.2") == true)

            let metadata = await TestHTTP.failure {
                try await fetcher.fetch(FetchRequest(url: "http://metadata.example/latest/meta-data/"))
            }
            #expect(metadata?.code == .addressRefused)

            #expect(await resolver.lookups == ["innocent.example", "mixed.example", "metadata.example"])
            #expect(await forbidden.log.requests.isEmpty)
        }
    }

    @Test func aNameResolvingToAnAllowedAddressIsFetchedFromThatAddress() async throws {
        try await withFixture { fixture in
            let resolver = StubResolver(["watched.example": ["127.0.0.1"]])
            let result = try await TestHTTP.fetcher(resolver: resolver).fetch(
                FetchRequest(url: "http://watched.example:\(fixture.port)/page")
            )
            guard case .fetched(let document) = result else {
                Issue.record("expected a document, got \(result)")
                return
            }
            #expect(document.finalURL == "http://watched.example:\(fixture.port)/page")
            let page = try #require(await fixture.log.requests.first { $0.path == "/page" })
            // The Host header keeps the name although the address was pinned.
            #expect(page.headers["host"] == "watched.example:\(fixture.port)")
        }
    }

    @Test func unresolvableNamesAreNetworkFailures() async {
        let failure = await TestHTTP.failure {
            try await TestHTTP.fetcher().fetch(FetchRequest(url: "http://nowhere.example/"))
        }
        #expect(failure?.code == .network)
        #expect(failure?.isTransient == true)
    }
}
