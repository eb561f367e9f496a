import AMQPClient
import AMQPTestSupport
import AMQPWire
import Foundation
import Logging
import NIOCore
import Testing

/// Errors are what the tests check; the client's own logs only add noise to the output.
let quietLogger: Logger = {
    var logger = Logger(label: "amqp-client-tests")
    logger.logLevel = ProcessInfo.processInfo.environment["AMQP_TEST_LOG"] == "1" ? .debug : .critical
    return logger
}()

/// Skips the broker suites (with the start hint) when no broker is configured, except on CI.
let requiresBroker = ConditionTrait.enabled(if: TestBroker.shouldRun, Comment(rawValue: TestBroker.skipMessage))

/// Every test that talks to the test broker, one at a time: the fault tests close connections and
/// stop the broker application, which would break tests running beside them. Each test uses its
/// own exchange and queue names and deletes them at the end.
@Suite(.serialized, requiresBroker) enum BrokerTests {}

/// A configuration for the test broker with a unique connection name.
func brokerConfiguration(_ broker: TestBroker, name: String = "amqp-test-\(UUID().uuidString.prefix(8))") throws
    -> AMQPConfiguration
{
    var configuration = try AMQPConfiguration(url: broker.url)
    configuration.connectionName = name
    // Generous, so a loaded machine does not turn into failures.
    configuration.connectTimeout = .seconds(20)
    configuration.requestTimeout = .seconds(30)
    configuration.reconnectDelay = (.milliseconds(50), .milliseconds(500))
    return configuration
}

/// A unique name for a test's exchange or queue.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(12).lowercased())"
}

/// A connection for the body, closed afterwards.
func withConnection<T>(
    _ broker: TestBroker, name: String? = nil, _ body: (AMQPConnection) async throws -> T
) async throws -> T {
    let configuration = try name.map { try brokerConfiguration(broker, name: $0) } ?? brokerConfiguration(broker)
    let connection = try await AMQPConnection.connect(configuration, logger: quietLogger)
    do {
        let result = try await body(connection)
        try await connection.close()
        return result
    } catch {
        try? await connection.close()
        throw error
    }
}

/// Polls `condition` every 50 ms for at most `timeout`; true once it held.
func eventually(within timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return false
}

/// What a call threw, as an AMQPClientError (nil when it did not throw; any other error is an issue).
func amqpError<T>(_ body: () async throws -> T) async -> AMQPClientError? {
    do {
        _ = try await body()
        return nil
    } catch let error as AMQPClientError {
        return error
    } catch {
        Issue.record("expected an AMQPClientError, got \(error)")
        return nil
    }
}

/// A message whose id is `id` and whose body is the id too.
func message(_ id: String) -> AMQPMessage {
    AMQPMessage(body: ByteBuffer(string: id), properties: AMQPProperties(deliveryMode: 2, messageID: id))
}

/// Runs the client's `run()` beside the body and cancels it afterwards.
func withRunningClient<T: Sendable>(_ client: AMQPClient, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        defer { group.cancelAll() }
        return try await body()
    }
}

/// What a test run saw, shared by the tasks that publish and consume.
actor Ledger {
    private(set) var consumed: Set<String> = []
    private(set) var deliveries = 0
    private(set) var redeliveries = 0
    private(set) var confirmed: Set<String> = []
    private(set) var lost: Set<String> = []
    private(set) var otherErrors: [String] = []
    private(set) var connectionClosed = false

    func markConnectionClosed() {
        connectionClosed = true
    }

    func delivered(_ delivery: AMQPDelivery) {
        deliveries += 1
        if delivery.redelivered { redeliveries += 1 }
        consumed.insert(delivery.message.properties.messageID ?? "")
    }

    func published(_ id: String, _ outcome: Result<Void, any Error>) {
        switch outcome {
        case .success:
            confirmed.insert(id)
        case .failure(let error as AMQPClientError) where error.code == .connectionLost:
            lost.insert(id)
        case .failure(let error):
            otherErrors.append("\(id): \(error)")
        }
    }

    var everyConfirmedMessageConsumed: Bool { confirmed.isSubset(of: consumed) }
}

/// Publishes `ids` through `client`, `window` at a time, recording each outcome.
func publishAll(
    _ ids: [String], through client: AMQPClient, exchange: String, routingKey: String, window: Int = 20, ledger: Ledger
)
    async
{
    var start = 0
    while start < ids.count {
        let batch = ids[start..<min(start + window, ids.count)]
        await withTaskGroup(of: Void.self) { group in
            for id in batch {
                group.addTask {
                    do {
                        try await client.publish(message(id), exchange: exchange, routingKey: routingKey)
                        await ledger.published(id, .success(()))
                    } catch {
                        await ledger.published(id, .failure(error))
                    }
                }
            }
        }
        start += window
    }
}

/// Consumes until cancelled, acknowledging every delivery (a stale ack after a reconnect is expected).
func consumeAll(_ consumer: AMQPConsumer, into ledger: Ledger) async throws {
    for try await delivery in consumer {
        await ledger.delivered(delivery)
        try? await delivery.ack()
    }
}
