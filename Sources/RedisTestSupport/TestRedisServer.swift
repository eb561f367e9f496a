import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throw-away `redis-server` for tests: its own temporary directory and a free port on
/// 127.0.0.1, stopped and deleted when the test is done. `restart()` keeps the port and the
/// directory, so with `appendOnly` the data survives.
///
/// Install the server with `apt-get install redis-server` (Debian/Ubuntu); `REDIS_SERVER` may
/// point at another binary.
public final class TestRedisServer: @unchecked Sendable {
    // @unchecked Sendable: the only mutable state, `process`, is read and written under `lock`.

    public struct Options: Sendable {
        /// An ACL user (`--user NAME on >PASSWORD` + `userRules`); the default user is then
        /// switched off, so every client must authenticate. A password without a username is
        /// `--requirepass`.
        public var username: String?
        public var password: String?
        /// The ACL user's permissions, one rule per element.
        public var userRules: [String]
        /// AOF persistence with `appendfsync always`, so even SIGKILL loses nothing written.
        public var appendOnly: Bool
        /// More `redis-server` arguments, one word each, for example `["--rename-command", "HELLO", ""]`.
        public var extraArguments: [String]

        public init(
            username: String? = nil, password: String? = nil, userRules: [String] = ["~*", "&*", "+@all"],
            appendOnly: Bool = false, extraArguments: [String] = []
        ) {
            self.username = username
            self.password = password
            self.userRules = userRules
            self.appendOnly = appendOnly
            self.extraArguments = extraArguments
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "TestRedisServer: \(message)" }
    }

    public let options: Options
    public let port: Int
    public let directory: URL
    private let logger: Logger
    private let lock = NSLock()
    private var process: Process?

    // MARK: Availability

    public static var executablePath: String {
        ProcessInfo.processInfo.environment["REDIS_SERVER"] ?? "/usr/bin/redis-server"
    }

    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: executablePath)
    }

    /// Whether tests needing redis-server should run: yes when it is installed, and also on CI
    /// (`CI=true`), where a missing server must fail the run instead of skipping silently.
    public static var shouldRun: Bool {
        isAvailable || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    public static let skipMessage =
        "redis-server is not installed (apt-get install redis-server); Redis integration tests skipped"

    // MARK: Life cycle

    public init(options: Options = Options(), logger: Logger = Logger(label: "TestRedisServer")) throws {
        self.options = options
        self.logger = logger
        self.port = try Self.freeLoopbackPort()
        self.directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("test-redis-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        if let process = process, process.isRunning {
            sendSignal(SIGKILL, to: process.processIdentifier)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// `redis://[user:password@]127.0.0.1:port/database`, percent-encoding the credentials.
    public func url(database: Int = 0) -> String {
        var credentials = ""
        if let password = options.password {
            credentials = "\(Self.encoded(options.username ?? "")):\(Self.encoded(password))@"
        }
        return "redis://\(credentials)127.0.0.1:\(port)/\(database)"
    }

    public var url: String { url() }

    public var isRunning: Bool {
        lock.withLock { process?.isRunning ?? false }
    }

    /// Starts the server and waits until it answers (at most 10 s).
    public func start() async throws {
        guard Self.isAvailable else {
            throw Failure(message: "\(Self.executablePath) not found; install it with: apt-get install redis-server")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executablePath)
        process.arguments = arguments()
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { self.process = process }
        logger.debug("redis-server started", metadata: ["port": "\(port)", "pid": "\(process.processIdentifier)"])
        try await waitUntilReady(process)
    }

    /// `SHUTDOWN` (Redis finishes writing the AOF and exits), then SIGTERM, then SIGKILL after
    /// 10 s. The command comes first because a test runner may start children with SIGTERM
    /// blocked, and a blocked signal would only be noticed by the 10 s fallback.
    public func stop() async throws {
        var shutdown: [[String]] = [["SHUTDOWN"]]
        if let password = options.password {
            shutdown.insert(["AUTH"] + (options.username.map { [$0] } ?? []) + [password], at: 0)
        }
        _ = await Self.exchangeOffThePool(port: port, commands: shutdown)
        try await deliver(signal: SIGTERM)
    }

    /// SIGKILL: no chance to save, like a crash or an OOM kill.
    public func kill() async throws {
        try await deliver(signal: SIGKILL)
    }

    /// Stops (if running) and starts again on the same port with the same directory.
    public func restart() async throws {
        if isRunning { try await stop() }
        try await start()
    }

    // MARK: Helpers

    private func arguments() -> [String] {
        var arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--daemonize", "no", "--save", "",
            "--dir", directory.path, "--logfile", "redis.log", "--pidfile", "redis.pid",
            "--appendonly", options.appendOnly ? "yes" : "no",
        ]
        if options.appendOnly {
            arguments += ["--appendfsync", "always"]
        }
        if let password = options.password {
            if let username = options.username {
                // One argument per ACL rule: redis-server takes the words after an option as its values.
                arguments += ["--user", username, "on", ">\(password)"] + options.userRules
                arguments += ["--user", "default", "off"]
            } else {
                arguments += ["--requirepass", password]
            }
        }
        return arguments + options.extraArguments
    }

    private func deliver(signal: Int32) async throws {
        guard let process = lock.withLock({ self.process }), process.isRunning else { return }
        sendSignal(signal, to: process.processIdentifier)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                sendSignal(SIGKILL, to: process.processIdentifier)
                process.waitUntilExit()
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        lock.withLock { self.process = nil }
    }

    private func waitUntilReady(_ process: Process) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw Failure(message: "redis-server exited at start: \(logTail())")
            }
            // Our own server wrote its pid file (after binding the port) and the port answers:
            // a PING alone could reach another test's server on a port ours failed to bind.
            let pidFile = directory.appendingPathComponent("redis.pid").path
            if let pid = try? String(contentsOfFile: pidFile, encoding: .utf8),
               Int32(pid.trimmingCharacters(in: .whitespacesAndNewlines)) == process.processIdentifier,
               let reply = await Self.exchangeOffThePool(port: port, commands: [["PING"]]), !reply.hasPrefix("-LOADING") {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Failure(message: "redis-server did not answer within 30 s: \(logTail())")
    }

    private func logTail() -> String {
        let log = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
        return String(log.suffix(600))
    }

    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// `exchange` blocks on a socket; it runs on a Dispatch thread so it never holds one of the
    /// few threads Swift concurrency has (which would stall the client under test).
    private static func exchangeOffThePool(port: Int, commands: [[String]]) async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: exchange(port: port, commands: commands))
            }
        }
    }

    /// Sends `commands` (RESP arrays) on a fresh connection and returns the first bytes of the
    /// answer; nil when nothing answers. A first reply of `+PONG`, or `-NOAUTH` when a password
    /// is required, means the server is listening.
    private static func exchange(port: Int, commands: [[String]]) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        var request: [UInt8] = []
        for words in commands {
            request += Array("*\(words.count)\r\n".utf8)
            for word in words {
                request += Array("$\(word.utf8.count)\r\n".utf8) + Array(word.utf8) + Array("\r\n".utf8)
            }
        }
        guard send(fd, request, request.count, 0) == request.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// The next port to try. Ports come from below the kernel's ephemeral range (32768 and up),
    /// so an outgoing connection of the test process can never hold one, and from a counter, so
    /// two servers of one test run never pick the same one (a port the kernel handed out for
    /// port 0 and that was closed again could be handed to the next caller too).
    private static let nextPort = Atomic<Int>(20_000 + Int(getpid() % 40) * 250)

    /// A port in 20000–31999 that nothing listens on now.
    private static func freeLoopbackPort() throws -> Int {
        for _ in 0..<12_000 {
            let candidate = 20_000 + (nextPort.add(1, ordering: .relaxed).newValue - 20_000) % 12_000
            if isFree(candidate) { return candidate }
        }
        throw Failure(message: "no free port in 20000–31999 on 127.0.0.1")
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopbackAddress(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    private static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

/// Outside the class, whose `kill()` method would shadow the C function.
private func sendSignal(_ signal: Int32, to pid: pid_t) {
    _ = kill(pid, signal)
}
