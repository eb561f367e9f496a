import Testing

/// A server killed in the middle of a check loses nothing and duplicates
/// nothing: the leased job comes back after its visibility timeout and runs once more.
@Suite("End to end: crash safety")
struct CrashSafetyTests {
    @Test("a check in flight when the server is SIGKILLed runs again after restart, exactly once",
          arguments: E2EBackend.availableWithRedis)
    func checkInFlightSurvivesKill(backend: E2EBackend) async throws {
        try await TestWorld.run(backend: backend) { world in
            let tenant = try await world.createTenant("Resilient")
            let fixture = world.fixture
            let first = try await world.serve(visibilitySeconds: 3)
            let api = world.client(first, tenant)
            let competitorID = try await api.createCompetitor(name: "Slowpoke", website: fixture.baseURL)
            let monitorID = try await api.createMonitor(competitorID: competitorID, url: "\(fixture.baseURL)/slow")

            // The first check is leased and waiting on the page: kill the server now.
            _ = try await eventually("the first check to request /slow") {
                await fixture.state.slowRequests > 0 ? true : nil
            }
            let killed = await first.process.killNow()
            #expect(killed == .signal(9), "SIGKILL: \(String(describing: killed))")
            await fixture.state.releaseSlowPage()

            let second = try await world.serve(visibilitySeconds: 3)
            let restarted = world.client(second, tenant)
            let checks = try await restarted.waitForChecks(monitorID: monitorID, count: 1, timeout: .seconds(60))
            #expect(checks.first?["outcome"]?.string == "baseline", "checks: \(checks)")

            let checkJobs = try await restarted.jobs().filter {
                $0["kind"]?.string == "check" && $0["subject_id"]?.string == monitorID
            }
            try #require(checkJobs.count == 1, "check jobs for the monitor: \(checkJobs)")
            let jobID = try #require(checkJobs[0]["id"]?.string)
            let job = try await eventually("job \(jobID) to succeed") {
                let job = try await restarted.job(jobID)
                return job["status"]?.string == "succeeded" ? job : nil
            }
            #expect(job["attempts"]?.int == 2, "job: \(job)")
            #expect(checks.first?["job_id"]?.string == jobID, "check: \(String(describing: checks.first))")

            // Settled: still exactly one check and one snapshot.
            let settledChecks = try await restarted.checks(monitorID: monitorID)
            #expect(settledChecks.count == 1, "checks: \(settledChecks)")
            let snapshots = try await restarted.snapshots(monitorID: monitorID)
            #expect(snapshots.count == 1, "snapshots: \(snapshots)")
        }
    }
}
