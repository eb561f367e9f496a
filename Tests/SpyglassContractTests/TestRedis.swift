import Logging
import RedisClient
import RedisTestSupport
import ServiceLifecycle
import Synchronization
import Testing

/// The Redis servers, clients and services made during one test, stopped when it ends. Each test
/// gets servers of its own (they start in milliseconds), so tests never share keys. The scope is
/// the `.stopsTestRedis` trait, which every suite using Redis carries.
final class TestRedis: Sendable {
    @TaskLocal static var current: TestRedis?

    /// Run the Redis cases when redis-server is installed, and on CI, where its absence fails.
    static var isEnabled: Bool { TestRedisServer.shouldRun }

    private let servers = Mutex<[TestRedisServer]>([])
    private let services = Mutex<[Task<Void, Never>]>([])

    /// A started server that lives until the end of the current test, with an ACL user and
    /// password — or, with `appendOnly`, the `default` user and a password: Redis before the fix
    /// of redis/redis#14541 (7.0 among them) replays the AOF as `default` and, when that user is
    /// off, silently drops every MULTI/EXEC in it, and script effects are written as MULTI/EXEC.
    static func server(appendOnly: Bool = false) async throws -> TestRedisServer {
        let scope = try scope()
        let server = try TestRedisServer(
            options: .init(username: appendOnly ? nil : "spyglass", password: "test-secret", appendOnly: appendOnly))
        scope.servers.withLock { $0.append(server) }
        try await server.start()
        return server
    }

    /// A running client of `server` (another client is another "process").
    static func client(of server: TestRedisServer) async throws -> RedisClient {
        try await process(of: server).client
    }

    /// A running client of `server` and the task running it: cancelling the task is killing the
    /// process. `timeout` bounds connecting and each command (the client's defaults otherwise).
    static func process(
        of server: TestRedisServer, timeout: Duration? = nil
    ) async throws -> (client: RedisClient, task: Task<Void, Never>) {
        var configuration = try RedisConfiguration(url: server.url)
        configuration.reconnectBackoff = RedisReconnectBackoff(base: .milliseconds(20), cap: .milliseconds(200))
        // Generous by default: the suites run beside others on a 2-core machine.
        configuration.connectTimeout = timeout ?? .seconds(20)
        configuration.commandTimeout = timeout ?? .seconds(20)
        let client = RedisClient(configuration: configuration, logger: Logger(label: "test.redis"))
        return (client, try run(client))
    }

    /// Runs `service` in the background until the end of the current test, or until the
    /// returned task is cancelled (a process that dies).
    @discardableResult
    static func run(_ service: some Service) throws -> Task<Void, Never> {
        let task = Task {
            do {
                try await service.run()
            } catch {
                Issue.record("a Redis service stopped: \(error)")
            }
        }
        try scope().services.withLock { $0.append(task) }
        return task
    }

    private static func scope() throws -> TestRedis {
        guard let current else { throw TestRedisUnavailable(message: "a Redis test needs the .stopsTestRedis trait") }
        return current
    }

    func stopAll() async {
        let tasks = services.withLock { tasks in defer { tasks = [] }; return tasks }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        let servers = servers.withLock { servers in defer { servers = [] }; return servers }
        for server in servers { try? await server.kill() }
    }
}

struct TestRedisUnavailable: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Gives each test (each case of a parameterised one) its own `TestRedis`.
struct StopsTestRedis: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let redis = TestRedis()
        do {
            try await TestRedis.$current.withValue(redis) { try await function() }
        } catch {
            await redis.stopAll()
            throw error
        }
        await redis.stopAll()
    }
}

extension Trait where Self == StopsTestRedis {
    static var stopsTestRedis: Self { Self() }
}
