import Foundation
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPorts
import Synchronization
import Testing

@Suite("Event bus, pub/sub and rate limiter contracts", .dropsTestDatabases, .stopsTestAMQP)
struct EventBusContractTests {
    func event(_ type: String, id: String, tenant: Tenant.ID) -> DomainEvent {
        DomainEvent(
            id: id, type: type, tenantID: tenant.rawValue, subjectID: "s", occurredAt: Date(), payload: Array("{}".utf8))
    }

    @Test("a consumer gets matching events in order, and a failed one again", arguments: AdapterSet.eventBuses)
    func consume(adapters: AdapterSet) async throws {
        let made = try await adapters.make(ManualClock())
        let bus = made.bus
        // Events belong to a tenant that exists (the PostgreSQL log refers to it).
        let tenant = try await Fixtures.tenant(made.storage).id
        // A broker keeps events only for subscriptions that exist when they are published.
        try await bus.subscribe("test", pattern: "change.*", policy: ConsumerPolicy(retryDelays: [.milliseconds(20)]))
        try await bus.publish(event("change.detected", id: "e1", tenant: tenant))
        try await bus.publish(event("check.finished", id: "e2", tenant: tenant))
        try await bus.publish(event("change.detected", id: "e3", tenant: tenant))
        let seen = Locked<[String]>([])
        let failedOnce = Locked(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await bus.consume(
                    as: "test", pattern: "change.*", policy: ConsumerPolicy(retryDelays: [.milliseconds(20)])
                ) { event in
                    let shouldFail = failedOnce.withLock { failed in
                        guard event.id == "e3", !failed else { return false }
                        failed = true
                        return true
                    }
                    seen.withLock { $0.append(event.id) }
                    if shouldFail { throw CancellationError() }
                }
            }
            let deadline = ContinuousClock.now + .seconds(5)
            while seen.withLock({ $0.count }) < 3 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            group.cancelAll()
        }
        #expect(seen.withLock { $0 } == ["e1", "e3", "e3"])
    }

    @Test("topic patterns follow AMQP rules")
    func topics() {
        #expect(TopicPattern.matches(pattern: "change.*", routingKey: "change.detected"))
        #expect(!TopicPattern.matches(pattern: "change.*", routingKey: "change.detected.late"))
        #expect(TopicPattern.matches(pattern: "#", routingKey: "a.b.c"))
        #expect(TopicPattern.matches(pattern: "a.#", routingKey: "a"))
        #expect(TopicPattern.matches(pattern: "*.finished", routingKey: "check.finished"))
        #expect(!TopicPattern.matches(pattern: "check", routingKey: "check.finished"))
    }

    @Test("pub/sub delivers to every subscriber of the channel only")
    func pubSub() async throws {
        let pubSub = InMemoryPubSub()
        let a = try await pubSub.subscribe(channel: "t1")
        let b = try await pubSub.subscribe(channel: "t1")
        let other = try await pubSub.subscribe(channel: "t2")
        try await pubSub.publish(channel: "t1", message: [1])
        var ia = a.makeAsyncIterator()
        var ib = b.makeAsyncIterator()
        #expect(await ia.next() == [1])
        #expect(await ib.next() == [1])
        try await pubSub.publish(channel: "t2", message: [2])
        var io = other.makeAsyncIterator()
        #expect(await io.next() == [2])
    }

    @Test("the rate limiter allows the limit, then says when to come back")
    func rateLimiter() async throws {
        let now = Locked(1_000.0)
        let limiter = InMemoryRateLimiter(now: { now.withLock { $0 } })
        let policy = RateLimitPolicy(limit: 3, window: .seconds(3))
        for _ in 0..<3 {
            #expect(try await limiter.acquire(key: "k", policy: policy).allowed)
        }
        let refused = try await limiter.acquire(key: "k", policy: policy)
        #expect(!refused.allowed)
        #expect(refused.retryAfter > .zero && refused.retryAfter <= .seconds(1) + .milliseconds(1))
        #expect(try await limiter.acquire(key: "other", policy: policy).allowed)
        now.withLock { $0 += 1 }
        #expect(try await limiter.acquire(key: "k", policy: policy).allowed)
        #expect(try await !limiter.acquire(key: "k", policy: policy).allowed)
    }
}

/// Shared mutable state for closures a test hands to concurrent code.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
