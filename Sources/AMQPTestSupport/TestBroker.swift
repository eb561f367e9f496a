import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The RabbitMQ the AMQP tests run against, found through the environment:
/// `SPYGLASS_TEST_AMQP_URL` (amqp://user:password@127.0.0.1:port/vhost) and
/// `SPYGLASS_TEST_RABBITMQCTL` (a script running rabbitmqctl against that node; arguments pass
/// through), both exported by `source scripts/services/rabbitmq.sh && rabbitmq_start`.
/// Fault tests use it to close connections and to stop and start the broker application.
public struct TestBroker: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "TestBroker: \(message)" }
    }

    public static let urlVariable = "SPYGLASS_TEST_AMQP_URL"
    public static let ctlVariable = "SPYGLASS_TEST_RABBITMQCTL"

    /// Whether the broker tests should run: yes when the URL is set, and also on CI (`CI=true`),
    /// where a missing broker must fail the run instead of skipping silently.
    public static var shouldRun: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment[urlVariable]?.isEmpty == false || environment["CI"] == "true"
    }

    public static let skipMessage =
        "no test broker: run `source scripts/services/rabbitmq.sh && rabbitmq_start` "
        + "(sets \(urlVariable) and \(ctlVariable)); AMQP broker tests skipped"

    public let url: String
    public let ctlPath: String?
    private let logger: Logger

    public init(logger: Logger = Logger(label: "TestBroker")) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment[Self.urlVariable], !url.isEmpty else {
            throw Failure(message: "\(Self.urlVariable) is not set. \(Self.skipMessage)")
        }
        self.url = url
        self.ctlPath = environment[Self.ctlVariable].flatMap { $0.isEmpty ? nil : $0 }
        self.logger = logger
    }

    /// Host and port of the URL (for waiting until the broker listens again).
    public var hostAndPort: (host: String, port: Int) {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) { rest = rest[..<end] }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]) else {
            return (String(rest), 5672)
        }
        return (String(rest[..<colon]), port)
    }

    // MARK: rabbitmqctl

    /// Runs the rabbitmqctl script with `args`; returns its standard output. Throws on a non-zero
    /// exit (the message carries its output). Blocks the calling thread: async code should use
    /// `ctlAsync`.
    @discardableResult
    public func ctl(_ args: String...) throws -> String {
        try run(args)
    }

    /// `ctl` on a Dispatch thread, so it never holds one of the few threads Swift concurrency has
    /// (which would stall the client under test).
    @discardableResult
    public func ctlAsync(_ args: String...) async throws -> String {
        try await offThePool { try run(args) }
    }

    /// Closes every connection whose client-provided `connection_name` is `name` (as the broker
    /// does on an admin's request: the client sees connection.close 320 CONNECTION_FORCED).
    /// Returns how many were closed.
    @discardableResult
    public func closeConnections(named name: String) async throws -> Int {
        try await offThePool {
            let listing = try run(["-q", "list_connections", "pid", "client_properties"])
            let pids = Self.connectionPids(in: listing, named: name)
            for pid in pids {
                // A connection may go away by itself meanwhile; that is not a failure.
                _ = try? run(["close_connection", pid, "closed by TestBroker"])
            }
            logger.debug("closed broker connections", metadata: ["name": "\(name)", "count": "\(pids.count)"])
            return pids.count
        }
    }

    /// The pids of the connections in `list_connections pid client_properties` output whose
    /// client properties name them `name`.
    static func connectionPids(in listing: String, named name: String) -> [String] {
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        // rabbitmqctl prints client properties as Erlang terms; versions differ in the detail.
        let needles = [
            "{\"connection_name\",\"\(escaped)\"}",
            "{\"connection_name\",longstr,\"\(escaped)\"}",
            "{<<\"connection_name\">>,longstr,<<\"\(escaped)\">>}",
        ]
        return listing.split(separator: "\n").compactMap { line in
            guard needles.contains(where: { line.contains($0) }), let pid = line.split(separator: "\t").first else {
                return nil
            }
            return String(pid)
        }
    }

    /// stop_app: the node stays up, every connection is closed and the port stops listening.
    public func stopApp() async throws {
        try await offThePool { _ = try run(["stop_app"]) }
    }

    /// start_app, then waits (up to a minute) until the AMQP port accepts connections again.
    public func startApp() async throws {
        try await offThePool { _ = try run(["start_app"]) }
        try await waitUntilListening(within: .seconds(60))
    }

    /// Polls the AMQP port until it accepts a TCP connection.
    public func waitUntilListening(within timeout: Duration) async throws {
        let (host, port) = hostAndPort
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await offThePool({ Self.accepts(host: host, port: port) }) { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Failure(message: "the broker at \(host):\(port) did not listen again within \(timeout)")
    }

    // MARK: Helpers

    private func run(_ args: [String]) throws -> String {
        guard let ctlPath else {
            throw Failure(message: "\(Self.ctlVariable) is not set; fault tests need it")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ctlPath)
        process.arguments = args
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let command = "rabbitmqctl \(args.joined(separator: " "))"
            throw Failure(message: "\(command) exited with \(process.terminationStatus): \(text.suffix(500))")
        }
        return text
    }

    private func offThePool<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    private func offThePool<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: body())
            }
        }
    }

    /// Whether a TCP connection to `host` (an IPv4 literal, or "localhost") succeeds.
    static func accepts(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(clamping: port).bigEndian
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            return false
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }
}
