import Foundation

/// A running `spyglass serve` on loopback, found by the port it announces.
struct SpyglassServer: Sendable {
    static let readyLine = "Spyglass is serving the API on http://127.0.0.1:"

    let process: ChildProcess
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The environment the tests run the server with: the fixture on
    /// 127.0.0.1 is reachable, every other loopback address is not.
    static func environment(visibilitySeconds: Int) -> [String: String] {
        [
            "SPYGLASS_ALLOW_NETWORKS": "127.0.0.1/32",
            "SPYGLASS_POLITENESS_MS": "0",
            "SPYGLASS_MIN_INTERVAL_SECONDS": "60",
            "SPYGLASS_JOB_VISIBILITY_SECONDS": "\(visibilitySeconds)",
            "SPYGLASS_LOG_LEVEL": "info",
            // Tests poll quickly; the quota has its own tests.
            "SPYGLASS_API_RATE_LIMIT": "0",
        ]
    }

    /// Starts `spyglass serve --port 0` and waits (up to `timeout`) for the line with its port.
    static func start(
        binary: URL, dataDirectory: URL, logDirectory: URL, name: String, visibilitySeconds: Int,
        extraEnvironment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> SpyglassServer {
        let process = try ChildProcess(
            executable: binary,
            arguments: ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory.path],
            environment: ChildProcess.environment(
                environment(visibilitySeconds: visibilitySeconds).merging(extraEnvironment) { _, new in new }),
            logDirectory: logDirectory, name: name)
        do {
            let port = try await eventually("\(name) to announce its port", timeout: timeout, interval: .milliseconds(50)) {
                if let port = announcedPort(in: process.standardOutput()) { return port }
                if let ended = await process.termination {
                    throw E2EError(.processFailed, "serve ended (\(ended)) before announcing its port")
                }
                return nil
            }
            return SpyglassServer(process: process, port: port)
        } catch {
            await process.killNow()
            throw E2EError(.processFailed, "\(error)\n\(process.logTail())")
        }
    }

    static func announcedPort(in output: String) -> Int? {
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: readyLine) else { continue }
            let digits = line[range.upperBound...].prefix(while: \.isNumber)
            if let port = Int(digits), port > 0 { return port }
        }
        return nil
    }
}
