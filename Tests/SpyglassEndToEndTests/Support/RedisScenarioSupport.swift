import Foundation

/// Small steps the Redis fault scenarios share.
extension APIClient {
    /// A monitor with its own check interval (the shared helper leaves the default).
    func createMonitor(competitorID: String, url: String, intervalSeconds: Int) async throws -> String {
        let body = #"{"competitor_id":"\#(competitorID)","url":"\#(url)","kind":"html","interval_seconds":\#(intervalSeconds)}"#
        let created = try await post("/v1/monitors", raw: body).json(expecting: 201)
        guard let id = created["id"]?.string, !id.isEmpty else {
            throw E2EError(.unexpectedResponse, "the new monitor has no id: \(created)")
        }
        return id
    }
}

extension ChildProcess {
    /// Lines of stdout and stderr (the log goes to one of them) that contain every one of `needles`.
    nonisolated func logLines(containing needles: String...) -> [Substring] {
        (standardOutput() + "\n" + standardError()).split(separator: "\n").filter { line in
            needles.allSatisfy { line.contains($0) }
        }
    }
}

extension EventStream {
    /// The next event of `type` that `matches`, skipping the others; a timeout error after `timeout`.
    func next(type: String, timeout: Duration, where matches: (Event) -> Bool) async throws -> Event {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let left = deadline - clock.now
            guard left > .zero else { throw E2EError(.timeout, "no matching \(type) event within \(timeout)") }
            let event = try await next(type: type, timeout: left)
            if matches(event) { return event }
        }
    }
}

/// The API's timestamps (`2026-01-02T03:04:05.678Z`).
enum WireTime {
    static func parse(_ text: String?) -> Date? {
        guard let text else { return nil }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        return ISO8601DateFormatter().date(from: text)
    }
}

extension Duration {
    /// Seconds with two decimals, for the measurements the scenarios print.
    var secondsText: String {
        let (seconds, attoseconds) = components
        return String(format: "%.2f s", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
