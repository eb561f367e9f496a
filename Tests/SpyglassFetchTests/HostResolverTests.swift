import FetchGuard
import SpyglassFetch
import Testing

/// Numeric look-ups only: `getaddrinfo` answers them without asking DNS.
@Suite struct HostResolverTests {
    @Test func numericHostsResolveToThemselves() async throws {
        let resolver = SystemHostResolver()
        #expect(try await resolver.resolve(host: "127.0.0.1") == [.v4(0x7F00_0001)])
        #expect(try await resolver.resolve(host: "10.1.2.3") == [.v4(0x0A01_0203)])
    }

    /// getaddrinfo reads "127.1" as 127.0.0.1 — why the guard refuses such
    /// hosts before they ever reach a resolver.
    @Test func theResolverAcceptsShortFormsTheGuardRefuses() async throws {
        #expect(try await SystemHostResolver().resolve(host: "127.1") == [.v4(0x7F00_0001)])
        guard case .refused = AddressPolicy().verdict(forHost: "127.1") else {
            Issue.record("127.1 must be refused before resolution")
            return
        }
    }
}
