import Foundation
import SpyglassDomain
import SpyglassPorts
import Testing

/// The envelope, de-duplication, retries, parking and replay: what every event
/// bus does alike (`AdapterSet.eventBuses`), then what only the log-backed ones
/// promise on top (`AdapterSet.all`).
extension EventBusContractTests {
    /// Every envelope field set (whole seconds: every adapter keeps them exactly).
    func envelope(_ id: String, tenant: Tenant.ID, type: String = "change.detected", version: Int = 1) -> DomainEvent {
        DomainEvent(
            id: id, type: type, version: version, tenantID: tenant.rawValue, subjectID: "mon_\(id)",
            occurredAt: Date(timeIntervalSince1970: 1_800_000_000), correlationID: "chk_\(id)", causationID: "job_\(id)",
            traceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", traceState: "spyglass=\(id)",
            payload: Array(#"{"id":"\#(id)","n":[1,2,3]}"#.utf8))
    }

    /// A bus with a tenant to publish for, and a consumer name no other test uses.
    struct BusScene {
        var made: MadeAdapters
        var tenant: Tenant.ID
        var consumer = "contract-" + UUID().uuidString.prefix(8).lowercased()

        init(_ adapters: AdapterSet) async throws {
            made = try await adapters.make(ManualClock())
            tenant = try await Fixtures.tenant(made.storage).id
            // A broker keeps events only for subscriptions that exist when they are published.
            try await made.bus.subscribe(consumer, pattern: "#", policy: ConsumerPolicy(retryDelays: []))
        }

        var bus: any EventBus { made.bus }

        /// Runs `body` while the consumer consumes; stops it afterwards.
        func consuming(
            pattern: String = "#", policy: ConsumerPolicy, as name: String? = nil,
            handler: @escaping @Sendable (DomainEvent) async throws -> Void, while body: () async throws -> Void
        ) async throws {
            let bus = self.bus
            let consumer = name ?? self.consumer
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await bus.consume(as: consumer, pattern: pattern, policy: policy, handler: handler)
                    } catch where !Task.isCancelled {
                        Issue.record("the consumer stopped: \(error)")
                    }
                }
                defer { group.cancelAll() }
                try await body()
            }
        }

        func parked() async throws -> [ParkedEvent] { try await bus.parked(consumer: consumer) }
    }

    @Test("every envelope field survives publish and consume", arguments: AdapterSet.eventBuses)
    func envelopeRoundTrip(adapters: AdapterSet) async throws {
        let scene = try await BusScene(adapters)
        let full = envelope("full", tenant: scene.tenant)
        let bare = DomainEvent(
            id: "bare", type: "snapshot.captured", tenantID: scene.tenant.rawValue, subjectID: "mon_bare",
            occurredAt: Date(timeIntervalSince1970: 1_800_000_001), payload: [])
        try await scene.bus.publish(full)
        try await scene.bus.publish(bare)
        let seen = Locked<[DomainEvent]>([])
        try await scene.consuming(policy: ConsumerPolicy(retryDelays: [])) { event in
            seen.withLock { $0.append(event) }
        } while: { () async throws in
            #expect(try await waitUntil { seen.withLock { $0.count } >= 2 })
        }
        #expect(seen.withLock { $0 } == [full, bare])
        #expect(bare.version == 1)
    }

    @Test("an event published twice under one id is delivered once", arguments: AdapterSet.eventBuses)
    func duplicatePublish(adapters: AdapterSet) async throws {
        let scene = try await BusScene(adapters)
        try await scene.bus.publish(envelope("d1", tenant: scene.tenant))
        try await scene.bus.publish(envelope("d1", tenant: scene.tenant))
        try await scene.bus.publish(envelope("d2", tenant: scene.tenant))
        let seen = Locked<[String]>([])
        try await scene.consuming(policy: ConsumerPolicy(retryDelays: [])) { event in
            seen.withLock { $0.append(event.id) }
        } while: { () async throws in
            #expect(try await waitUntil { seen.withLock { $0.contains("d2") } })
            // A late duplicate would arrive in this time.
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(seen.withLock { $0 } == ["d1", "d2"])
    }

    @Test("a failing event is retried after each delay, then parked with its history; later events follow",
          arguments: AdapterSet.eventBuses)
    func retriesThenParks(adapters: AdapterSet) async throws {
        let scene = try await BusScene(adapters)
        let bad = envelope("bad", tenant: scene.tenant)
        try await scene.bus.publish(bad)
        try await scene.bus.publish(envelope("good", tenant: scene.tenant))
        let attempts = Locked<[(id: String, at: ContinuousClock.Instant)]>([])
        let policy = ConsumerPolicy(retryDelays: [.milliseconds(50), .milliseconds(100)])
        try await scene.consuming(policy: policy) { event in
            let count = attempts.withLock { attempts in
                attempts.append((event.id, .now))
                return attempts.filter { $0.id == event.id }.count
            }
            if event.id == "bad" { throw HandlerFailure("refused\nattempt \(count)") }
        } while: { () async throws in
            #expect(try await waitUntil { attempts.withLock { $0.contains { $0.id == "good" } } })
            #expect(try await waitUntil { try await !scene.parked().isEmpty })
        }
        let calls = attempts.withLock { $0 }
        let badCalls = calls.filter { $0.id == "bad" }
        #expect(badCalls.count == 3)
        #expect(calls.filter { $0.id == "good" }.count == 1)
        if adapters.retriesHoldTheLine {
            // Later events waited for the parking.
            #expect(calls.map(\.id) == ["bad", "bad", "bad", "good"])
        }
        if badCalls.count == 3 {
            // Each retry waited at least (nearly) its delay.
            #expect(badCalls[1].at - badCalls[0].at >= .milliseconds(45))
            #expect(badCalls[2].at - badCalls[1].at >= .milliseconds(90))
        }
        let parked = try await scene.parked()
        #expect(parked.count == 1)
        let record = try #require(parked.first)
        #expect(record.event == bad)
        #expect(record.consumer == scene.consumer)
        #expect(record.attempts == 3)
        // One line per failure, in order.
        #expect(record.history == ["refused attempt 1", "refused attempt 2", "refused attempt 3"])
        #expect(record.reason == "refused attempt 3")
        #expect(try await scene.bus.parked(consumer: nil).contains { $0.id == record.id })
        #expect(try await scene.bus.parked(consumer: "someone-else").isEmpty)
    }

    @Test("an event of a version the consumer does not know is parked untried", arguments: AdapterSet.eventBuses)
    func unsupportedVersion(adapters: AdapterSet) async throws {
        let scene = try await BusScene(adapters)
        try await scene.bus.publish(envelope("v2", tenant: scene.tenant, version: 2))
        try await scene.bus.publish(envelope("v1", tenant: scene.tenant))
        let seen = Locked<[String]>([])
        try await scene.consuming(policy: ConsumerPolicy(retryDelays: [.milliseconds(20)], versions: 1...1)) { event in
            seen.withLock { $0.append(event.id) }
        } while: { () async throws in
            #expect(try await waitUntil { seen.withLock { $0.contains("v1") } })
            #expect(try await waitUntil { try await !scene.parked().isEmpty })
        }
        #expect(seen.withLock { $0 } == ["v1"])
        let record = try #require(try await scene.parked().first)
        #expect(record.event.id == "v2")
        #expect(record.event.version == 2)
        #expect(record.attempts == 0)
        #expect(record.reason == "unsupported version 2 of change.detected")
    }

    @Test("a replayed event goes back to its consumer; once handled it is no longer parked",
          arguments: AdapterSet.eventBuses)
    func replay(adapters: AdapterSet) async throws {
        let scene = try await BusScene(adapters)
        try await scene.bus.publish(envelope("r1", tenant: scene.tenant))
        let failing = Locked(true)
        let seen = Locked<[String]>([])
        try await scene.consuming(policy: ConsumerPolicy(retryDelays: [])) { event in
            seen.withLock { $0.append(event.id) }
            if failing.withLock({ $0 }) { throw HandlerFailure("not yet") }
        } while: { () async throws in
            #expect(try await waitUntil { try await scene.parked().count == 1 })
            let record = try #require(try await scene.parked().first)
            #expect(record.attempts == 1)
            failing.withLock { $0 = false }
            #expect(try await scene.bus.replay(parkedID: record.id))
            #expect(try await waitUntil { try await scene.parked().isEmpty })
            #expect(seen.withLock { $0 } == ["r1", "r1"])
            // The consumer goes on with new events.
            try await scene.bus.publish(envelope("r2", tenant: scene.tenant))
            #expect(try await waitUntil { seen.withLock { $0.contains("r2") } })
        }
        #expect(try await !scene.bus.replay(parkedID: "pkd_00000000000000000000000000000000"))
    }

    // MARK: Log-backed buses (the embedded and PostgreSQL ones)

    @Test("a replay that fails again stays parked with one more attempt and the failure appended",
          arguments: AdapterSet.all)
    func replayFailsAgain(adapters: AdapterSet) async throws {
        let scene = try await BusScene(adapters)
        try await scene.bus.publish(envelope("again", tenant: scene.tenant))
        let calls = Locked(0)
        try await scene.consuming(policy: ConsumerPolicy(retryDelays: [])) { _ in
            let n = calls.withLock { calls in
                calls += 1
                return calls
            }
            throw HandlerFailure("failure \(n)")
        } while: { () async throws in
            #expect(try await waitUntil { try await scene.parked().count == 1 })
            let record = try #require(try await scene.parked().first)
            #expect(try await scene.bus.replay(parkedID: record.id))
            #expect(try await waitUntil { try await scene.parked().first?.attempts == 2 })
            // Tried once per replay, not again by itself.
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(calls.withLock { $0 } == 2)
        let record = try #require(try await scene.parked().first)
        #expect(record.history == ["failure 1", "failure 2"])
        #expect(record.reason == "failure 2")
    }

    @Test("failures counted before a consumer restarts still count", arguments: AdapterSet.all)
    func attemptsSurviveRestart(adapters: AdapterSet) async throws {
        let scene = try await BusScene(adapters)
        try await scene.bus.publish(envelope("sticky", tenant: scene.tenant))
        let calls = Locked(0)
        let handler: @Sendable (DomainEvent) async throws -> Void = { _ in
            calls.withLock { $0 += 1 }
            throw HandlerFailure("still failing")
        }
        // The first run fails once, then is stopped during its long wait.
        try await scene.consuming(
            policy: ConsumerPolicy(retryDelays: [.seconds(60), .seconds(60)]), handler: handler
        ) { () async throws in
            #expect(try await waitUntil { calls.withLock { $0 } == 1 })
        }
        try await scene.consuming(
            policy: ConsumerPolicy(retryDelays: [.milliseconds(20), .milliseconds(20)]), handler: handler
        ) { () async throws in
            #expect(try await waitUntil { try await scene.parked().count == 1 })
        }
        #expect(calls.withLock { $0 } == 3)
        #expect(try await scene.parked().first?.attempts == 3)
        #expect(try await scene.parked().first?.history.count == 3)
    }
}

/// A handler's failure, with the message the history keeps.
struct HandlerFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or ten seconds pass; its last answer.
func waitUntil(_ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
