import Logging
import RedisClient
import RedisTestSupport
import Testing

/// Errors are what the tests check; the client's own logs only add noise to the output.
let quietLogger: Logger = {
    var logger = Logger(label: "redis-client-tests")
    logger.logLevel = .critical
    return logger
}()

/// Skips the Redis integration suites (with the install hint) when redis-server is missing,
/// except on CI, where they run and fail.
let requiresRedisServer = ConditionTrait.enabled(
    if: TestRedisServer.shouldRun, Comment(rawValue: TestRedisServer.skipMessage))

/// A fresh redis-server for the body, stopped afterwards.
func withRedisServer<T>(
    _ options: TestRedisServer.Options = .init(), _ body: (TestRedisServer) async throws -> T
) async throws -> T {
    let server = try TestRedisServer(options: options, logger: quietLogger)
    try await server.start()
    do {
        let result = try await body(server)
        try await server.stop()
        return result
    } catch {
        try? await server.stop()
        throw error
    }
}

/// Runs the client's `run()` beside the body and cancels it afterwards.
func withRunningClient<T>(
    _ configuration: RedisConfiguration, _ body: (RedisClient) async throws -> T
) async throws -> T {
    let client = RedisClient(configuration: configuration, logger: quietLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        defer { group.cancelAll() }
        return try await body(client)
    }
}

/// The client, and a subscriber with its own `run()`, both cancelled after the body.
func withRunningSubscriber<T>(
    _ configuration: RedisConfiguration, _ body: (RedisClient, RedisSubscriber) async throws -> T
) async throws -> T {
    let client = RedisClient(configuration: configuration, logger: quietLogger)
    let subscriber = client.subscriber()
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        group.addTask { try await subscriber.run() }
        defer { group.cancelAll() }
        return try await body(client, subscriber)
    }
}

func configuration(_ server: TestRedisServer, database: Int = 0) throws -> RedisConfiguration {
    var configuration = try RedisConfiguration(url: server.url(database: database))
    // Generous, so a loaded CI machine does not turn into failures; tests about timeouts set theirs.
    configuration.connectTimeout = .seconds(10)
    configuration.commandTimeout = .seconds(10)
    configuration.reconnectBackoff = RedisReconnectBackoff(base: .milliseconds(20), cap: .milliseconds(200))
    return configuration
}

/// Polls `condition` every 20 ms for at most `timeout`; true once it held.
func eventually(
    within timeout: Duration = .seconds(10), _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return false
}

/// What a call threw, as a RedisError (nil when it did not throw; any other error is an issue).
func redisError<T>(_ body: () async throws -> T) async -> RedisError? {
    do {
        _ = try await body()
        return nil
    } catch let error as RedisError {
        return error
    } catch {
        Issue.record("expected a RedisError, got \(error)")
        return nil
    }
}
