import FetchGuard

/// robots.txt per origin, kept for a while, with concurrent look-ups for the
/// same origin sharing one fetch. Only readable answers are kept: a failure
/// to read is retried on the next look-up.
actor RobotsCache {
    private struct Entry {
        let robots: RobotsTxt
        let expires: ContinuousClock.Instant
    }

    private let clock = ContinuousClock()
    private let timeToLive: Duration
    private var entries: [String: Entry] = [:]
    private var loading: [String: Task<RobotsTxt, any Error>] = [:]
    /// Bounds memory when many hosts are watched; expired entries go first.
    private let capacity = 10_000

    init(timeToLive: Duration) {
        self.timeToLive = timeToLive
    }

    func robots(
        for origin: String,
        load: @escaping @Sendable () async throws -> RobotsTxt
    ) async throws -> RobotsTxt {
        if let entry = entries[origin], entry.expires > clock.now { return entry.robots }
        if let pending = loading[origin] { return try await pending.value }

        let task = Task { try await load() }
        loading[origin] = task
        defer { loading[origin] = nil }
        let robots = try await task.value
        store(robots, for: origin)
        return robots
    }

    private func store(_ robots: RobotsTxt, for origin: String) {
        guard timeToLive > .zero else { return }
        let now = clock.now
        if entries.count >= capacity {
            entries = entries.filter { $0.value.expires > now }
            if entries.count >= capacity { entries.removeAll() }
        }
        entries[origin] = Entry(robots: robots, expires: now + timeToLive)
    }
}
