import SpyglassPorts

extension OutboundHTTP {
    /// Waits until the rate limiter grants one request to `host` in the
    /// politeness window. Returns at once when pacing is off.
    func waitForTurn(host: String) async throws {
        guard let rateLimiter, configuration.politenessInterval > .zero else { return }
        let policy = RateLimitPolicy(limit: 1, window: configuration.politenessInterval)
        let key = "politeness:\(host)"
        while true {
            let decision: RateLimitDecision
            do {
                decision = try await rateLimiter.acquire(key: key, policy: policy)
            } catch {
                // Without the limiter's answer we cannot know it is our turn.
                throw FetchFailure(.network, "the rate limiter failed: \(Shown.text(String(describing: error)))")
            }
            if decision.allowed { return }
            // Bounded so a confused limiter can neither spin nor park us for long.
            let pause = min(max(decision.retryAfter, .milliseconds(10)), .seconds(60))
            try await Task.sleep(for: pause)
        }
    }
}
