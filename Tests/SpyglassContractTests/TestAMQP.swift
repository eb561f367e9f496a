import AMQPClient
import AMQPTestSupport
import Foundation
import Logging
import SpyglassAMQP
import Synchronization
import Testing

/// The AMQP clients made during one test, stopped when it ends (the `.stopsTestAMQP` trait,
/// which every suite using the broker carries). Every test gets its own topology prefix, so tests
/// share the broker but never a queue.
final class TestAMQP: Sendable {
    @TaskLocal static var current: TestAMQP?

    /// Run the broker cases when a broker is configured, and on CI, where its absence fails.
    static var isEnabled: Bool { TestBroker.shouldRun }

    private let tasks = Mutex<[Task<Void, Never>]>([])

    static func broker() throws -> TestBroker { try TestBroker() }

    /// A topology no other test uses.
    static func topology() -> EventTopology {
        EventTopology(prefix: "test-" + UUID().uuidString.prefix(8).lowercased())
    }

    /// A running client ("a process") named `name`, stopped at the end of the test or when the
    /// returned task is cancelled.
    static func client(_ name: String) async throws -> (client: AMQPClient, task: Task<Void, Never>) {
        guard let scope = current else { throw TestAMQPUnavailable(message: "an AMQP test needs the .stopsTestAMQP trait") }
        var configuration = try AMQPConfiguration(url: try broker().url)
        configuration.connectionName = name
        configuration.reconnectDelay = (.milliseconds(50), .milliseconds(500))
        configuration.heartbeat = .seconds(5)
        let client = AMQPClient(configuration: configuration, logger: Logger(label: "test.amqp.\(name)"))
        let task = Task {
            do {
                try await client.run()
            } catch where !Task.isCancelled {
                Issue.record("the AMQP client \(name) stopped: \(error)")
            } catch {}
        }
        scope.tasks.withLock { $0.append(task) }
        return (client, task)
    }

    func stopAll() async {
        let tasks = tasks.withLock { tasks in defer { tasks = [] }; return tasks }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}

struct TestAMQPUnavailable: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Gives each test (each case of a parameterised one) its own `TestAMQP`.
struct StopsTestAMQP: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let amqp = TestAMQP()
        do {
            try await TestAMQP.$current.withValue(amqp) { try await function() }
        } catch {
            await amqp.stopAll()
            throw error
        }
        await amqp.stopAll()
    }
}

extension Trait where Self == StopsTestAMQP {
    static var stopsTestAMQP: Self { Self() }
}

/// Polls `condition` until it holds or `timeout` passes; its last answer. For the broker tests,
/// whose reconnects take seconds on a loaded machine.
func waitUntil(within timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
