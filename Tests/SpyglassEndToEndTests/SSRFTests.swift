import Testing

/// The SSRF guard, seen from outside: only 127.0.0.1 is allowed (by
/// SPYGLASS_ALLOW_NETWORKS); other loopback addresses and names are refused,
/// also when a redirect points there. Every address here is loopback.
@Suite("End to end: SSRF guard")
struct SSRFTests {
    @Test("monitors aimed at refused addresses fail with address_refused and never reach them")
    func refusedAddressesAreNeverFetched() async throws {
        try await TestWorld.run { world in
            let tenant = try await world.createTenant("Guarded")
            let server = try await world.serve()
            let api = world.client(server, tenant)
            let fixture = world.fixture
            let port = fixture.port
            let competitorID = try await api.createCompetitor(name: "Rival Inc", website: fixture.baseURL)

            // URL, and what the reason must name.
            let targets: [(url: String, named: String)] = [
                ("http://127.0.0.2:\(port)/", "127.0.0.2"),
                ("http://[::1]:\(port)/", "::1"),
                ("http://localhost:\(port)/", "localhost"),
                ("\(fixture.baseURL)/redirect-to-127-0-0-2", "127.0.0.2"),
            ]
            var monitors: [(id: String, url: String, named: String)] = []
            for target in targets {
                let id = try await api.createMonitor(competitorID: competitorID, url: target.url)
                monitors.append((id, target.url, target.named))
            }

            for monitor in monitors {
                let checks = try await api.waitForChecks(monitorID: monitor.id, count: 1)
                let check = checks[0]
                #expect(check["outcome"]?.string == "failed", "\(monitor.url): \(check)")
                #expect(check["error_code"]?.string == "address_refused", "\(monitor.url): \(check)")
                let reason = check["reason"]?.string ?? ""
                #expect(reason.contains(monitor.named), "\(monitor.url): the reason should name \(monitor.named): \(check)")
                #expect(check["snapshot_id"]?.isNull != false, "\(monitor.url): \(check)")
                #expect(try await api.snapshots(monitorID: monitor.id).isEmpty, "\(monitor.url) stored a snapshot")
            }

            // The redirect itself was fetched from 127.0.0.1; its target never was.
            let seen = await fixture.state.requests
            #expect(seen.contains { $0.path == "/redirect-to-127-0-0-2" }, "fixture saw: \(seen.map(\.path))")
            #expect(!seen.contains { $0.path == "/x" }, "the redirect target was fetched: \(seen)")
            #expect(!seen.contains { ($0.authority ?? "").contains("127.0.0.2") }, "a request for 127.0.0.2: \(seen)")
            #expect(!seen.contains { ($0.authority ?? "").lowercased().contains("localhost") }, "a request for localhost: \(seen)")
            #expect(!seen.contains { ($0.authority ?? "").contains("::1") }, "a request for [::1]: \(seen)")
        }
    }
}
