import Foundation
import Testing

/// Two `serve` processes on one PostgreSQL and one Redis: live events and quotas belong to the
/// fleet, not to one process.
extension RedisFaultTests {
    @Test("two API processes: a check run by either one's worker reaches the live streams of both")
    func liveEventsReachEveryProcess() async throws {
        try await TestWorld.run(backend: .postgresRedis) { world in
            let tenant = try await world.createTenant("Dashboards")
            let servers = [try await world.serve(), try await world.serve()]
            let streams = [
                try await EventStream.open(servers[0].baseURL + "/v1/events", apiKey: tenant.apiKey),
                try await EventStream.open(servers[1].baseURL + "/v1/events", apiKey: tenant.apiKey),
            ]
            defer { streams.forEach { $0.close() } }
            let fixture = world.fixture
            await fixture.state.setPricingHTML("<html><body><p>Pro $49/mo</p></body></html>")
            let apis = servers.map { world.client($0, tenant) }
            let competitor = try await apis[0].createCompetitor(name: "Rival", website: fixture.baseURL)
            let monitor = try await apis[0].createMonitor(competitorID: competitor, url: "\(fixture.baseURL)/pricing")

            // Ask each process in turn for a check until each one's workers ran at least one.
            var ranBy: [Int] = []
            for round in 0..<10 where Set(ranBy).count < 2 || round < 2 {
                let api = apis[round % 2]
                let job = try await api.queueCheck(monitorID: monitor)
                let jobID = try #require(job["id"]?.string)
                for (index, stream) in streams.enumerated() {
                    let event = try await stream.next(type: "check.finished", timeout: .seconds(60)) { $0.data.contains(jobID) }
                    #expect(event.data.contains(monitor), "stream of process \(index): \(event)")
                }
                _ = try await eventually("job \(jobID) to succeed") {
                    try await api.job(jobID)["status"]?.string == "succeeded" ? true : nil
                }
                // Whose worker ran it: the process that logged one more finished check.
                let runner = try await eventually("the log line of job \(jobID)'s check") {
                    let counts = servers.map { $0.process.logLines(containing: "check finished", monitor).count }
                    guard counts.reduce(0, +) == ranBy.count + 1 else { return nil as Int? }
                    return counts.indices.first { index in counts[index] > ranBy.filter { $0 == index }.count }
                }
                ranBy.append(runner)
            }
            print("live events across processes: checks run by processes \(ranBy), each seen on both streams")
            #expect(Set(ranBy) == [0, 1], "checks ran only in process(es) \(Set(ranBy))")
        }
    }

    @Test("two API processes share one quota per key: a concurrent burst gets at most the quota plus its refill")
    func quotaIsSharedAcrossProcesses() async throws {
        try await TestWorld.run(backend: .postgresRedis) { world in
            let tenant = try await world.createTenant("Bursty")
            let quota = ["SPYGLASS_API_RATE_LIMIT": "30"]
            let servers = [try await world.serve(extraEnvironment: quota), try await world.serve(extraEnvironment: quota)]
            let apis = servers.map { world.client($0, tenant) }

            let clock = ContinuousClock()
            let began = clock.now
            let responses = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for index in 0..<90 {
                    group.addTask { try await apis[index % 2].get("/v1/competitors") }
                }
                var responses: [APIResponse] = []
                for try await response in group { responses.append(response) }
                return responses
            }
            let elapsed = clock.now - began

            let allowed = responses.filter { $0.status == 200 }
            let refused = responses.filter { $0.status == 429 }
            // GCRA at 30 a minute: the whole quota at once, then one more every 2 s.
            let refill = Int((Double(elapsed.components.seconds) + 1) / 2) + 1
            print("""
                shared quota: \(allowed.count) allowed, \(refused.count) refused of 90 in \(elapsed.secondsText) \
                over 2 processes (quota 30, refill allowance \(refill))
                """)
            #expect(allowed.count + refused.count == 90, "statuses: \(responses.map(\.status))")
            #expect(allowed.count >= 30)
            #expect(allowed.count <= 30 + refill)
            for response in allowed {
                #expect(response.header("RateLimit-Policy") == "\"api\";q=30;w=60")
                let remaining = Self.rateLimitField(response, "r")
                #expect(remaining.map { (0..<30).contains($0) } == true, "RateLimit: \(String(describing: response.header("RateLimit")))")
            }
            for response in refused {
                let retryAfter = Int(response.header("Retry-After") ?? "") ?? 0
                #expect((1...3).contains(retryAfter), "Retry-After: \(String(describing: response.header("Retry-After")))")
                #expect(response.header("RateLimit-Policy") == "\"api\";q=30;w=60")
                #expect(Self.rateLimitField(response, "r") == 0, "RateLimit: \(String(describing: response.header("RateLimit")))")
                #expect(Self.rateLimitField(response, "t") == retryAfter)
                #expect(response.header("Content-Type") == "application/problem+json")
            }
            // Once the wait is over, the key may go on (on either process).
            _ = try await eventually("the quota to refill", timeout: .seconds(30), interval: .milliseconds(500)) {
                try await apis[1].get("/v1/competitors").status == 200 ? true : nil
            }
        }
    }

    /// A parameter of `RateLimit: "api";r=29;t=2`.
    static func rateLimitField(_ response: APIResponse, _ name: String) -> Int? {
        guard let header = response.header("RateLimit") else { return nil }
        for part in header.split(separator: ";") where part.hasPrefix("\(name)=") {
            return Int(part.dropFirst(name.count + 1))
        }
        return nil
    }
}
