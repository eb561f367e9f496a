import Logging
import NIOCore
import NIOPosix
import NIOSSL
import RESP
import ServiceLifecycle

/// A Redis client with a pool of pipelining connections.
///
/// `run()` owns the pool for the client's whole life (add the client to a `ServiceGroup`, or run
/// it in a task group). Connections are made on demand, re-made after a loss with back-off, and
/// closed when `run()` ends. Commands sent before `run()` starts wait up to `connectTimeout`.
public final class RedisClient: Service, Sendable {
    public let configuration: RedisConfiguration
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let pool: RedisConnectionPool
    private let tls: Result<NIOSSLContext, RedisError>?

    public init(
        configuration: RedisConfiguration,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.pool = RedisConnectionPool(maxConnections: configuration.poolSize, logger: logger)
        self.tls = Self.makeTLSContext(configuration)
    }

    // MARK: Service

    /// Runs until cancelled or until graceful shutdown; then closes every connection and fails
    /// whoever still waits for one. Connections in use close when their command has finished.
    public func run() async throws {
        guard await pool.markStarted() else {
            throw RedisError(.invalidUsage, "RedisClient.run() may only be called once")
        }
        logger.debug("redis client starting", metadata: ["redis.server": "\(configuration)"])
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                // Ends when this task is cancelled (or the pool shuts down).
                for await _ in self.pool.connectRequests {
                    group.addTask { await self.connectUntilNotNeeded() }
                }
                group.cancelAll()
            }
        }
        await pool.shutdown()
        logger.debug("redis client stopped")
    }

    /// One connect attempt, retried with back-off while someone still waits for it.
    private func connectUntilNotNeeded() async {
        var failures = 0
        while !Task.isCancelled {
            let id = await pool.makeConnectionID()
            do throws(RedisError) {
                let connection = try await RedisConnection.connect(
                    configuration: configuration, tls: try tls?.get(), eventLoop: eventLoopGroup.next(), id: id,
                    logger: logger)
                await pool.connectionEstablished(connection)
                return
            } catch {
                if Task.isCancelled { break }
                failures += 1
                guard await pool.connectFailed(error) else { return }
                try? await Task.sleep(for: configuration.reconnectBackoff.delay(afterFailures: failures))
            }
        }
        await pool.connectAbandoned()
    }

    // MARK: Commands

    /// Sends one command and returns its reply. An error reply throws `.server` with the server's
    /// message. `timeout` overrides `commandTimeout` (give blocking commands a longer one).
    public func send(_ command: RESPCommand, timeout: Duration? = nil) async throws(RedisError) -> RESPValue {
        let results = try await execute([command], timeout: timeout)
        guard let result = results.first else {
            throw RedisError(.protocolViolation, "no reply for \(command.name)")
        }
        return try result.get()
    }

    /// Sends all commands in one write on one connection and returns their replies in order, each
    /// as its own result (one failing command does not fail the others). Throws only when no
    /// connection could be had. `MULTI` … `EXEC` inside one pipeline form a transaction.
    public func pipeline(_ commands: [RESPCommand], timeout: Duration? = nil) async throws(RedisError) -> [Result<
        RESPValue, RedisError
    >] {
        guard !commands.isEmpty else { return [] }
        return try await execute(commands, timeout: timeout)
    }

    private func execute(_ commands: [RESPCommand], timeout: Duration?) async throws(RedisError) -> [Result<
        RESPValue, RedisError
    >] {
        let timeout = timeout ?? configuration.commandTimeout
        var mayRetry = true
        while true {
            let (connection, fromIdle) = try await pool.lease(waitingAtMost: configuration.connectTimeout)
            let results = await connection.send(commands, timeout: timeout)
            await pool.release(connection, reusable: results.connectionStillUsable)
            let retry = RedisRetryPolicy.shouldRetry(
                results, fromIdleConnection: fromIdle, retryOnStaleConnection: configuration.retryOnStaleConnection)
            guard mayRetry, retry else { return results }
            mayRetry = false
            logger.debug("redis connection was stale; sending again on another one")
        }
    }

    // MARK: Pub/sub

    /// A subscriber sharing this client's configuration. It is a separate `Service` with its own
    /// connection; run it (for example in the same `ServiceGroup`).
    public func subscriber(bufferLimit: Int = 10_000) -> RedisSubscriber {
        RedisSubscriber(
            configuration: configuration, logger: logger, eventLoopGroup: eventLoopGroup, tls: tls,
            bufferLimit: bufferLimit)
    }

    // MARK: TLS

    static func makeTLSContext(_ configuration: RedisConfiguration) -> Result<NIOSSLContext, RedisError>? {
        guard configuration.tls else { return nil }
        do {
            let tlsConfiguration = configuration.tlsConfiguration ?? .makeClientConfiguration()
            return .success(try NIOSSLContext(configuration: tlsConfiguration))
        } catch {
            return .failure(RedisError(.invalidArgument, "the TLS configuration cannot be used: \(error)"))
        }
    }
}
