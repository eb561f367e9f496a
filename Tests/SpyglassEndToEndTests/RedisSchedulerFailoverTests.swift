import Foundation
import Testing

extension RedisFaultTests {
    static let leadingLine = "leading the scheduler"
    static let intervalSeconds = 2

    @Test("two schedulers: one leads; when it is SIGKILLed the other takes over within the lease, enqueueing nothing twice")
    func schedulerLeaderFailover() async throws {
        try await TestWorld.run(backend: .postgresRedis) { world in
            let tenant = try await world.createTenant("Fleet")
            let fastSchedule = ["SPYGLASS_MIN_INTERVAL_SECONDS": "1"]
            let servers = [
                try await world.serve(visibilitySeconds: 5, extraEnvironment: fastSchedule),
                try await world.serve(visibilitySeconds: 5, extraEnvironment: fastSchedule),
            ]
            let fixture = world.fixture
            await fixture.state.setPricingHTML("<html><body><p>Pro $49/mo</p></body></html>")
            let setup = world.client(servers[0], tenant)
            let competitor = try await setup.createCompetitor(name: "Rival", website: fixture.baseURL)
            var monitors: [String] = []
            for index in 0..<3 {
                monitors.append(try await setup.createMonitor(
                    competitorID: competitor, url: "\(fixture.baseURL)/pricing?m=\(index)", intervalSeconds: Self.intervalSeconds))
            }

            // Scheduling works, and exactly one process says it leads.
            for monitor in monitors {
                _ = try await setup.waitForChecks(monitorID: monitor, count: 3, timeout: .seconds(90))
            }
            let leaders = servers.indices.filter { !servers[$0].process.logLines(containing: Self.leadingLine).isEmpty }
            try #require(leaders.count == 1, "processes that lead: \(leaders)")
            let leader = servers[leaders[0]]
            let follower = servers[1 - leaders[0]]
            #expect(leader.process.logLines(containing: Self.leadingLine).count == 1)

            let clock = ContinuousClock()
            let killedAt = clock.now
            let killedWall = Date()
            let killed = await leader.process.killNow()
            #expect(killed == .signal(9), "SIGKILL: \(String(describing: killed))")

            let takeover = try await eventually("the follower to lead", timeout: .seconds(90), interval: .milliseconds(50)) {
                follower.process.logLines(containing: Self.leadingLine).isEmpty ? nil : clock.now - killedAt
            }
            // The lease is 10 s; a loaded machine gets a margin of as much again.
            print("scheduler takeover: \(takeover.secondsText) after the leader was killed (lease 10 s)")
            #expect(takeover <= .seconds(20), "takeover took \(takeover.secondsText)")

            // Checks keep happening under the new leader.
            let api = world.client(follower, tenant)
            let resumed = killedWall.addingTimeInterval(Double(takeover.components.seconds))
            for monitor in monitors {
                _ = try await eventually("checks of \(monitor) after the takeover", timeout: .seconds(90)) {
                    let later = try await api.checks(monitorID: monitor).filter {
                        (WireTime.parse($0["started_at"]?.string) ?? .distantPast) > resumed
                    }
                    return later.count >= 3 ? true : nil
                }
            }

            // Nothing was enqueued twice: a monitor's check jobs are at least an interval apart.
            var report: [String] = []
            for monitor in monitors {
                let jobIDs = Set(try await api.checks(monitorID: monitor).compactMap { $0["job_id"]?.string })
                var created: [Date] = []
                for id in jobIDs {
                    let job = try await api.job(id)
                    created.append(try #require(WireTime.parse(job["created_at"]?.string), "job: \(job)"))
                }
                created.sort()
                let gaps = zip(created, created.dropFirst()).map { $1.timeIntervalSince($0) }
                let closest = gaps.min() ?? .infinity
                report.append("\(monitor): \(created.count) jobs, closest \(String(format: "%.3f", closest)) s apart")
                #expect(closest >= Double(Self.intervalSeconds) - 0.01, "job creation times of \(monitor): \(created)")
            }
            print("scheduler jobs: " + report.joined(separator: "; "))
        }
    }
}
