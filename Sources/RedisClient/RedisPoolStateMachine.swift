import ClientSupport

/// The pool's bookkeeping as a pure value: idle connections, how many are lent out or being
/// made, and who waits. `RedisConnectionPool` performs what it decides; tests drive it alone.
///
/// Connections are made lazily, one connect attempt per waiter beyond what is idle or already
/// being made, never more than `maxConnections` in total. A connect attempt keeps retrying (with
/// back-off, in the driver) only while someone still waits for it.
struct RedisPoolStateMachine<Connection> {
    enum LeaseAction {
        case leased(Connection)
        case wait(startConnecting: Bool)
        case fail(RedisError)
    }

    enum HandOff {
        case lease(Connection, to: UInt64)
        case park
        case close(Connection)
    }

    enum ReleaseAction {
        case lease(Connection, to: UInt64)
        case park
        case close(Connection, startConnecting: Bool)
    }

    enum ConnectFailureAction: Equatable {
        case retry
        /// Stop this attempt; fail these waiters with the error (configuration errors only).
        case stop(failWaiters: [UInt64])
    }

    let maxConnections: Int
    private(set) var idle: [Connection] = []
    private(set) var leasedCount = 0
    private(set) var connectingCount = 0
    private var waiters = FIFO<UInt64>()
    private(set) var isShutdown = false

    init(maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
    }

    var waiterCount: Int { waiters.count }
    private var totalCount: Int { idle.count + leasedCount + connectingCount }

    /// Most recently returned first (warm, least likely to have been closed by an idle timeout);
    /// idle connections found closed are dropped on the way.
    mutating func leaseRequested(waiter id: UInt64, isUsable: (Connection) -> Bool) -> LeaseAction {
        if isShutdown { return .fail(Self.shutdownError) }
        while let connection = idle.popLast() {
            if isUsable(connection) {
                leasedCount += 1
                return .leased(connection)
            }
        }
        waiters.append(id)
        return .wait(startConnecting: startConnectingIfNeeded())
    }

    mutating func connectionEstablished(_ connection: Connection) -> HandOff {
        connectingCount -= 1
        if isShutdown { return .close(connection) }
        if let waiter = waiters.popFirst() {
            leasedCount += 1
            return .lease(connection, to: waiter)
        }
        idle.append(connection)
        return .park
    }

    /// `permanent`: retrying cannot help (bad credentials, bad database …), so the waiters fail now.
    mutating func connectFailed(permanent: Bool) -> ConnectFailureAction {
        if permanent {
            connectingCount -= 1
            return .stop(failWaiters: waiters.removeAll())
        }
        if !isShutdown, waiters.count >= connectingCount { return .retry }
        connectingCount -= 1
        return .stop(failWaiters: [])
    }

    /// A connect attempt ended without a result (its task was cancelled).
    mutating func connectAbandoned() {
        connectingCount -= 1
    }

    mutating func released(_ connection: Connection, reusable: Bool) -> ReleaseAction {
        leasedCount -= 1
        guard reusable, !isShutdown else {
            return .close(connection, startConnecting: !isShutdown && startConnectingIfNeeded())
        }
        if let waiter = waiters.popFirst() {
            leasedCount += 1
            return .lease(connection, to: waiter)
        }
        idle.append(connection)
        return .park
    }

    /// A waiter gave up (timeout or cancellation). False when it was no longer waiting.
    mutating func waiterLeft(_ id: UInt64) -> Bool {
        waiters.removeFirst(where: { $0 == id }) != nil
    }

    /// Closes the idle connections and fails the waiters; later leases fail at once.
    mutating func shutdown() -> (idle: [Connection], waiters: [UInt64]) {
        isShutdown = true
        let closing = idle
        idle = []
        return (closing, waiters.removeAll())
    }

    private mutating func startConnectingIfNeeded() -> Bool {
        guard totalCount < maxConnections, connectingCount < waiters.count else { return false }
        connectingCount += 1
        return true
    }

    static var shutdownError: RedisError { RedisError(.notConnected, "the Redis client has shut down") }
}

extension RedisPoolStateMachine.LeaseAction: Equatable where Connection: Equatable {}
extension RedisPoolStateMachine.HandOff: Equatable where Connection: Equatable {}
extension RedisPoolStateMachine.ReleaseAction: Equatable where Connection: Equatable {}
