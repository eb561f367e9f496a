import ClientSupport
import Logging

/// Lends connections to one caller at a time. Connections are made by `RedisClient.run()`, which
/// reads `connectRequests` and starts a connect task in its own task group for each request, so
/// no connection work outlives `run()`. Waiting callers are bounded by a deadline, which also
/// covers calls made before `run()` has started.
actor RedisConnectionPool {
    enum LeaseStart: Sendable {
        case leased(RedisConnection)
        case waiting(UInt64)
        case failed(RedisError)
    }

    nonisolated let connectRequests: AsyncStream<Void>
    private let connectRequestsContinuation: AsyncStream<Void>.Continuation
    private var machine: RedisPoolStateMachine<RedisConnection>
    private var slots = WaiterSlots<Result<RedisConnection, RedisError>>()
    private var nextWaiterID: UInt64 = 0
    private var nextConnectionID = 0
    private var lastConnectError: RedisError?
    private var hasStarted = false
    private let logger: Logger

    init(maxConnections: Int, logger: Logger) {
        (connectRequests, connectRequestsContinuation) = AsyncStream.makeStream(of: Void.self)
        machine = RedisPoolStateMachine(maxConnections: maxConnections)
        self.logger = logger
    }

    /// False when `run()` was already called once.
    func markStarted() -> Bool {
        defer { hasStarted = true }
        return !hasStarted
    }

    func makeConnectionID() -> Int {
        nextConnectionID += 1
        return nextConnectionID
    }

    // MARK: Leasing

    /// A connection for one caller. `fromIdle` is true when it sat unused in the pool, where the
    /// server may have closed it a moment ago without the client having noticed yet.
    nonisolated func lease(waitingAtMost timeout: Duration) async throws(RedisError) -> (
        connection: RedisConnection, fromIdle: Bool
    ) {
        switch await beginLease() {
        case .leased(let connection):
            return (connection, true)
        case .failed(let error):
            throw error
        case .waiting(let id):
            let result = await withDeadline(timeout) {
                await self.awaitLease(id)
            } expire: { cancelled in
                await self.abandonWaiter(id, cancelled: cancelled, timeout: timeout)
            }
            let connection = try (result ?? .failure(RedisError(.timeout, "no connection within \(timeout)"))).get()
            return (connection, false)
        }
    }

    private func beginLease() -> LeaseStart {
        nextWaiterID += 1
        let id = nextWaiterID
        switch machine.leaseRequested(waiter: id, isUsable: { $0.isUsable }) {
        case .leased(let connection):
            return .leased(connection)
        case .fail(let error):
            return .failed(error)
        case .wait(let startConnecting):
            slots.add(id)
            if startConnecting { connectRequestsContinuation.yield() }
            return .waiting(id)
        }
    }

    private func awaitLease(_ id: UInt64) async -> Result<RedisConnection, RedisError> {
        if let result = slots.take(id) { return result }
        return await withCheckedContinuation { continuation in
            slots.park(
                id, continuation, fallback: .failure(RedisError(.invalidUsage, "unknown connection waiter")))
        }
    }

    private func abandonWaiter(_ id: UInt64, cancelled: Bool, timeout: Duration) {
        // A fulfilled slot is left for the waiting task to collect: the caller still gets it.
        guard slots.isWaiting(id) else { return }
        _ = machine.waiterLeft(id)
        let error = cancelled ? RedisError(.cancelled, "cancelled while waiting for a connection") : waitTimeout(timeout)
        slots.fulfill(id, .failure(error))
    }

    private func waitTimeout(_ timeout: Duration) -> RedisError {
        if !hasStarted {
            return RedisError(.notConnected, "no connection within \(timeout): RedisClient.run() has not been started")
        }
        if let lastConnectError {
            return RedisError(.notConnected, "no connection within \(timeout): \(lastConnectError.message)")
        }
        if machine.leasedCount < machine.maxConnections {
            return RedisError(.notConnected, "no connection within \(timeout): still connecting")
        }
        return RedisError(.timeout, "all \(machine.maxConnections) connections stayed busy for \(timeout)")
    }

    private func fulfill(_ id: UInt64, _ result: Result<RedisConnection, RedisError>) {
        // The machine only hands connections to waiters it still holds, so this always lands.
        slots.fulfill(id, result)
    }

    func release(_ connection: RedisConnection, reusable: Bool) {
        switch machine.released(connection, reusable: reusable && connection.isUsable) {
        case .lease(let connection, let waiter):
            fulfill(waiter, .success(connection))
        case .park:
            break
        case .close(let connection, let startConnecting):
            connection.closeNow()
            if startConnecting { connectRequestsContinuation.yield() }
        }
    }

    // MARK: Connect attempts (reported by the tasks run() starts)

    func connectionEstablished(_ connection: RedisConnection) {
        lastConnectError = nil
        switch machine.connectionEstablished(connection) {
        case .lease(let connection, let waiter):
            fulfill(waiter, .success(connection))
        case .park:
            break
        case .close(let connection):
            connection.closeNow()
        }
    }

    /// True when the attempt should be retried after a back-off.
    func connectFailed(_ error: RedisError) -> Bool {
        lastConnectError = error
        let permanent = Self.permanentCodes.contains(error.code)
        logger.warning(
            "redis connect attempt failed",
            metadata: ["error": "\(error)", "redis.retrying": "\(!permanent)"])
        switch machine.connectFailed(permanent: permanent) {
        case .retry:
            return true
        case .stop(let waiters):
            for waiter in waiters { fulfill(waiter, .failure(error)) }
            return false
        }
    }

    func connectAbandoned() {
        machine.connectAbandoned()
    }

    /// Errors that a retry cannot fix: credentials, a bad database number, a bad TLS setup, a
    /// peer that does not speak RESP (often TLS on one side only).
    private static let permanentCodes: Set<RedisError.Code> = [
        .authenticationFailed, .server, .invalidArgument, .protocolViolation,
    ]

    // MARK: Shutdown

    func shutdown() {
        let (idle, waiters) = machine.shutdown()
        for connection in idle { connection.closeNow() }
        for waiter in waiters { fulfill(waiter, .failure(RedisPoolStateMachine<RedisConnection>.shutdownError)) }
        connectRequestsContinuation.finish()
    }
}
