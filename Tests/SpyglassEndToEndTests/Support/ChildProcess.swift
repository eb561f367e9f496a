import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended.
enum Termination: Equatable, Sendable, CustomStringConvertible {
    case exit(Int32)
    case signal(Int32)

    var description: String {
        switch self {
        case .exit(let code): "exit status \(code)"
        case .signal(let signal): "killed by signal \(signal)"
        }
    }
}

/// One child process with its stdout and stderr in files (files never fill up
/// and block the child the way an unread pipe does, and they stay readable for
/// diagnostics after it died).
actor ChildProcess {
    let name: String
    let stdoutURL: URL
    let stderrURL: URL
    private let process: Process

    init(
        executable: URL, arguments: [String], environment: [String: String], logDirectory: URL, name: String
    ) throws {
        self.name = name
        stdoutURL = logDirectory.appendingPathComponent("\(name).stdout.log")
        stderrURL = logDirectory.appendingPathComponent("\(name).stderr.log")
        let fileManager = FileManager.default
        guard fileManager.createFile(atPath: stdoutURL.path, contents: nil),
              fileManager.createFile(atPath: stderrURL.path, contents: nil) else {
            throw E2EError(.processFailed, "cannot create log files in \(logDirectory.path)")
        }
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw E2EError(.processFailed, "cannot start \(executable.path): \(error)")
        }
        self.process = process
    }

    /// The environment of this test process without any SPYGLASS_ variable
    /// (a developer's shell must not change what the tests see), plus `overrides`.
    static func environment(_ overrides: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SPYGLASS_") }
        environment.merge(overrides) { _, new in new }
        return environment
    }

    var isRunning: Bool { process.isRunning }

    var termination: Termination? {
        guard !process.isRunning else { return nil }
        switch process.terminationReason {
        case .exit: return .exit(process.terminationStatus)
        case .uncaughtSignal: return .signal(process.terminationStatus)
        @unknown default: return .exit(process.terminationStatus)
        }
    }

    nonisolated func standardOutput() -> String { Self.read(stdoutURL) }
    nonisolated func standardError() -> String { Self.read(stderrURL) }

    func send(_ signal: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end; nil if it is still running after `timeout`.
    func waitForExit(timeout: Duration) async -> Termination? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while process.isRunning && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return termination
    }

    /// SIGTERM, then SIGKILL if it has not ended after `gracePeriod`.
    @discardableResult
    func stop(gracePeriod: Duration = .seconds(10)) async -> Termination? {
        if let ended = termination { return ended }
        send(SIGTERM)
        if let ended = await waitForExit(timeout: gracePeriod) { return ended }
        return await killNow()
    }

    /// SIGKILL: the process gets no chance to clean up, like a crash or an OOM kill.
    @discardableResult
    func killNow() async -> Termination? {
        send(SIGKILL)
        return await waitForExit(timeout: .seconds(10))
    }

    /// The last lines of both outputs, to explain a failure.
    nonisolated func logTail(lines: Int = 30) -> String {
        func tail(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        }
        return "--- \(name) stdout ---\n\(tail(standardOutput()))\n--- \(name) stderr ---\n\(tail(standardError()))"
    }

    private static func read(_ url: URL) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
