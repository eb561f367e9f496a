import Testing

@testable import RedisClient

/// The pool's bookkeeping without connections: `Connection` is an Int.
@Suite struct PoolStateMachineTests {
    typealias Pool = RedisPoolStateMachine<Int>
    let always: (Int) -> Bool = { _ in true }

    @Test func waitersStartOneConnectAttemptEachUpToTheLimit() {
        var pool = Pool(maxConnections: 2)
        #expect(pool.leaseRequested(waiter: 1, isUsable: always) == .wait(startConnecting: true))
        #expect(pool.leaseRequested(waiter: 2, isUsable: always) == .wait(startConnecting: true))
        #expect(pool.leaseRequested(waiter: 3, isUsable: always) == .wait(startConnecting: false))
        #expect(pool.connectingCount == 2)
    }

    @Test func newConnectionsGoToWaitersInArrivalOrder() {
        var pool = Pool(maxConnections: 2)
        _ = pool.leaseRequested(waiter: 1, isUsable: always)
        _ = pool.leaseRequested(waiter: 2, isUsable: always)
        #expect(pool.connectionEstablished(100) == .lease(100, to: 1))
        #expect(pool.connectionEstablished(200) == .lease(200, to: 2))
        #expect(pool.leasedCount == 2)
    }

    @Test func returnedConnectionsAreReusedMostRecentFirst() {
        var pool = Pool(maxConnections: 4)
        _ = pool.leaseRequested(waiter: 1, isUsable: always)
        _ = pool.leaseRequested(waiter: 2, isUsable: always)
        _ = pool.connectionEstablished(100)
        _ = pool.connectionEstablished(200)
        #expect(pool.released(100, reusable: true) == .park)
        #expect(pool.released(200, reusable: true) == .park)
        #expect(pool.leaseRequested(waiter: 3, isUsable: always) == .leased(200))
    }

    @Test func aReturnedConnectionGoesStraightToAWaiter() {
        var pool = Pool(maxConnections: 1)
        _ = pool.leaseRequested(waiter: 1, isUsable: always)
        _ = pool.connectionEstablished(100)
        #expect(pool.leaseRequested(waiter: 2, isUsable: always) == .wait(startConnecting: false))
        #expect(pool.released(100, reusable: true) == .lease(100, to: 2))
    }

    @Test func aBrokenConnectionIsClosedAndReplacedForWaiters() {
        var pool = Pool(maxConnections: 1)
        _ = pool.leaseRequested(waiter: 1, isUsable: always)
        _ = pool.connectionEstablished(100)
        _ = pool.leaseRequested(waiter: 2, isUsable: always)
        #expect(pool.released(100, reusable: false) == .close(100, startConnecting: true))
        #expect(pool.connectingCount == 1)
        #expect(pool.leasedCount == 0)
    }

    @Test func idleConnectionsThatDiedAreSkipped() {
        var pool = Pool(maxConnections: 3)
        for waiter in 1...2 { _ = pool.leaseRequested(waiter: UInt64(waiter), isUsable: always) }
        _ = pool.connectionEstablished(100)
        _ = pool.connectionEstablished(200)
        _ = pool.released(100, reusable: true)
        _ = pool.released(200, reusable: true)
        #expect(pool.leaseRequested(waiter: 3, isUsable: { $0 != 200 }) == .leased(100))
        #expect(pool.idle.isEmpty)
    }

    @Test func transientConnectFailuresRetryOnlyWhileSomeoneWaits() {
        var pool = Pool(maxConnections: 2)
        _ = pool.leaseRequested(waiter: 1, isUsable: always)
        #expect(pool.connectFailed(permanent: false) == .retry)
        let left = pool.waiterLeft(1)
        let leftAgain = pool.waiterLeft(1)
        #expect(left && !leftAgain)
        #expect(pool.connectFailed(permanent: false) == .stop(failWaiters: []))
        #expect(pool.connectingCount == 0)
    }

    @Test func permanentConnectFailuresFailEveryWaiter() {
        var pool = Pool(maxConnections: 1)
        _ = pool.leaseRequested(waiter: 1, isUsable: always)
        _ = pool.leaseRequested(waiter: 2, isUsable: always)
        #expect(pool.connectFailed(permanent: true) == .stop(failWaiters: [1, 2]))
        #expect(pool.waiterCount == 0)
        // The next caller starts a fresh attempt.
        #expect(pool.leaseRequested(waiter: 3, isUsable: always) == .wait(startConnecting: true))
    }

    @Test func shutdownClosesIdleFailsWaitersAndRefusesLaterLeases() {
        var pool = Pool(maxConnections: 2)
        _ = pool.leaseRequested(waiter: 1, isUsable: always)
        _ = pool.connectionEstablished(100)
        _ = pool.released(100, reusable: true)
        _ = pool.leaseRequested(waiter: 2, isUsable: always)  // gets 100
        _ = pool.leaseRequested(waiter: 3, isUsable: always)  // waits, connecting
        let (idle, waiters) = pool.shutdown()
        #expect(idle.isEmpty)
        #expect(waiters == [3])
        #expect(pool.connectionEstablished(300) == .close(300))
        #expect(pool.released(100, reusable: true) == .close(100, startConnecting: false))
        #expect(pool.leaseRequested(waiter: 4, isUsable: always) == .fail(Pool.shutdownError))
    }

    @Test func aPoolSizeBelowOneStillAllowsOneConnection() {
        var pool = Pool(maxConnections: 0)
        #expect(pool.leaseRequested(waiter: 1, isUsable: always) == .wait(startConnecting: true))
    }
}
