import Foundation
import RedisTestSupport
import Testing

/// What a producer of check requests saw: the jobs the API accepted, and what it refused.
actor JobLedger {
    private(set) var accepted: [String] = []
    /// Jobs first accepted after `markRestart()`.
    private(set) var acceptedAfterRestart: [String] = []
    /// Accepting answers (new jobs or ones already queued) after `markRestart()`.
    private(set) var answersAfterRestart = 0
    private(set) var refusals: [String] = []
    private var restarted = false

    func accept(_ id: String) {
        if restarted { answersAfterRestart += 1 }
        if !accepted.contains(id) {
            accepted.append(id)
            if restarted { acceptedAfterRestart.append(id) }
        }
    }

    func refuse(_ reason: String) { refusals.append(reason) }

    func markRestart() { restarted = true }
}

/// How the Redis server goes down in a scenario.
enum RedisFault: String, Sendable, CaseIterable, CustomTestStringConvertible {
    /// `SHUTDOWN`, then start again: the AOF is complete.
    case restart
    /// SIGKILL, then start again: only `appendfsync always` saves the data.
    case crash

    var testDescription: String { rawValue }
}

extension RedisFaultTests {
    @Test("Redis goes down and comes back (AOF) while checks are queued and run: no accepted job is lost, the server reconnects, live events resume",
          arguments: RedisFault.allCases)
    func redisRestartUnderLoad(fault: RedisFault) async throws {
        try await TestWorld.run(backend: .postgresRedis) { world in
            let redis = try #require(world.redis)
            let tenant = try await world.createTenant("Restarts")
            // One worker, held on /slow: the checks asked for meanwhile wait in Redis through the fault.
            let server = try await world.serve(extraEnvironment: ["SPYGLASS_WORKERS": "1"])
            let api = world.client(server, tenant)
            let fixture = world.fixture
            await fixture.state.setPricingHTML("<html><body><p>Pro $49/mo</p></body></html>")
            let competitor = try await api.createCompetitor(name: "Rival", website: fixture.baseURL)
            let slowMonitor = try await api.createMonitor(competitorID: competitor, url: "\(fixture.baseURL)/slow")
            _ = try await eventually("the worker to wait on /slow") {
                await fixture.state.slowRequests > 0 ? true : nil
            }
            var created: [String] = []
            for index in 0..<3 {
                created.append(try await api.createMonitor(competitorID: competitor, url: "\(fixture.baseURL)/pricing?m=\(index)"))
            }
            let monitors = created
            let stream = try await EventStream.open(server.baseURL + "/v1/events", apiKey: tenant.apiKey)
            defer { stream.close() }

            // The producer asks for checks of every monitor, round after round, until cancelled.
            let ledger = JobLedger()
            let producer = Task {
                while !Task.isCancelled {
                    for monitor in monitors {
                        do {
                            let response = try await api.post("/v1/monitors/\(monitor)/check", raw: "")
                            if response.status == 202, let id = try? response.json()["id"]?.string {
                                await ledger.accept(id)
                            } else {
                                await ledger.refuse("HTTP \(response.status)")
                            }
                        } catch {
                            await ledger.refuse("\(error)")
                        }
                    }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { producer.cancel() }

            let waiting = try await eventually("a queued job for every monitor", timeout: .seconds(60)) {
                await ledger.accepted.count >= monitors.count ? await ledger.accepted : nil
            }
            for id in waiting {
                #expect(try await api.job(id)["status"]?.string == "queued", "job \(id) before the fault")
            }
            let clock = ContinuousClock()
            let faultBegan = clock.now
            switch fault {
            case .restart: try await redis.restart()
            case .crash:
                try await redis.kill()
                try await redis.start()
            }
            let faultEnded = clock.now
            await ledger.markRestart()
            let acceptedBefore = Set(await ledger.accepted)

            // The server reconnects by itself: requests succeed again.
            _ = try await eventually("check requests to be accepted after the fault", timeout: .seconds(90)) {
                await ledger.answersAfterRestart >= 6 ? true : nil
            }
            let reconnected = clock.now
            await fixture.state.releaseSlowPage()
            _ = try await eventually("new jobs to be accepted after the fault", timeout: .seconds(90)) {
                await ledger.acceptedAfterRestart.count >= 6 ? true : nil
            }
            // The stream opened before the fault hears of a job that exists only since it.
            let event = try await stream.next(type: "check.finished", timeout: .seconds(90)) { event in
                guard let job = try? JSON.parse(Array(event.data.utf8))["data"]?["job_id"]?.string else { return false }
                return !acceptedBefore.contains(job)
            }
            let eventArrived = clock.now
            producer.cancel()
            _ = await producer.value

            // Every job the API accepted ends succeeded: the queued ones and the one in flight too.
            let slowJobs = try await api.jobs().filter { $0["subject_id"]?.string == slowMonitor }.compactMap { $0["id"]?.string }
            #expect(slowJobs.count == 1, "jobs of the /slow monitor: \(slowJobs)")
            let accepted = await ledger.accepted
            for id in accepted + slowJobs {
                let job = try await eventually("job \(id) to succeed", timeout: .seconds(120)) {
                    let job = try await api.job(id)
                    if job["status"]?.string == "dead" { throw E2EError(.unexpectedResponse, "job \(id) is dead: \(job)") }
                    return job["status"]?.string == "succeeded" ? job : nil
                }
                #expect(job["kind"]?.string == "check", "job: \(job)")
            }
            let refusals = await ledger.refusals
            print("""
                Redis \(fault): down for \((faultEnded - faultBegan).secondsText); requests accepted again \
                \((reconnected - faultEnded).secondsText) after it; a live event of a new job \
                \((eventArrived - faultEnded).secondsText) after it (\(event.id)); \(accepted.count) jobs accepted \
                (\(waiting.count) queued through the fault) plus one in flight, all succeeded; \
                \(refusals.count) requests refused or failed \(refusals.prefix(3))
                """)
            #expect(await server.process.isRunning)
        }
    }
}
