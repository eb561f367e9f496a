import AMQPClient
import AMQPTestSupport
import AMQPWire
import Foundation
import Logging
import Testing

/// The distributed event bus from the outside: `spyglass serve` with `SPYGLASS_AMQP_URL` relays
/// the outbox to RabbitMQ and runs the activity projection from it; an operator finds a poison
/// event with `spyglass events parked` and replays it.
@Suite("End to end: domain events over RabbitMQ", .enabled(if: TestBroker.shouldRun, Comment(rawValue: TestBroker.skipMessage)))
struct AMQPEventsTests {
    @Test("a detected change reaches the activity projection through the broker; a poison event is parked, listed and replayed")
    func changeFlowsAndPoisonIsParked() async throws {
        let broker = try TestBroker()
        let prefix = "e2e-" + UUID().uuidString.prefix(8).lowercased()
        let environment = [
            "SPYGLASS_AMQP_URL": broker.url, "SPYGLASS_AMQP_PREFIX": prefix,
            "SPYGLASS_EVENT_RETRY_DELAYS_MS": "100,200",
        ]
        try await TestWorld.run { world in
            let tenant = try await world.createTenant("Acme Intelligence")
            let server = try await world.serve(extraEnvironment: environment)
            let api = world.client(server, tenant)
            let fixture = world.fixture
            await fixture.state.setPricingHTML(HappyPathTests.pricingV1)
            let competitorID = try await api.createCompetitor(name: "Rival Inc", website: fixture.baseURL)
            let monitorID = try await api.createMonitor(competitorID: competitorID, url: "\(fixture.baseURL)/pricing")
            let baseline = try #require(try await api.waitForChecks(monitorID: monitorID, count: 1).first)
            try await api.waitForJobToFinish(of: baseline)
            await fixture.state.setPricingHTML(HappyPathTests.pricingV2)
            _ = try await api.queueCheck(monitorID: monitorID)
            _ = try await api.waitForChecks(monitorID: monitorID, count: 2)

            // outbox → relay → RabbitMQ → the projection's queue → its counters.
            let week = try await eventually("the change to be counted by the activity projection") {
                let response = try await api.get("/v1/competitors/\(competitorID)/activity")
                return try JSON.parse(response.body)["data"]?.array?.first
            }
            #expect(week["changes"]?.int == 1, "activity: \(week)")
            #expect(week["category"]?.string == "pricing", "activity: \(week)")

            // A change.detected event the projection cannot read: retried twice, then parked.
            try await Self.publishPoison(to: broker.url, exchange: "\(prefix).events", tenant: tenant.tenantID)
            let cliEnvironment = environment.merging(world.backendEnvironment) { a, _ in a }
            let dataDir = world.dataDirectory.path
            let parked = try await eventually("the poison event to be parked") { () async throws -> JSON? in
                let listed = try await world.cli.run(["events", "parked", "--json", "--data-dir", dataDir], environment: cliEnvironment)
                #expect(listed.termination == .exit(0), "events parked: \(listed.standardError)")
                return listed.standardOutput.split(separator: "\n").compactMap { try? JSON.parse(Array($0.utf8)) }.first
            }
            #expect(parked["event_id"]?.string == "evt_poison", "parked: \(parked)")
            #expect(parked["consumer"]?.string == "activity", "parked: \(parked)")
            #expect(parked["attempts"]?.int == 3, "parked: \(parked)")
            #expect(parked["history"]?.array?.count == 3, "parked: \(parked)")
            #expect(parked["reason"]?.string?.contains("not a change envelope") == true, "parked: \(parked)")

            let text = try await world.cli.run(["events", "parked", "--data-dir", dataDir], environment: cliEnvironment)
            #expect(text.standardOutput.contains("evt_poison"), "text listing: \(text.standardOutput)")

            // Replay: one more attempt, which fails again, so it is parked once more with four failures.
            let parkedID = try #require(parked["id"]?.string)
            let replay = try await world.cli.run(
                ["events", "parked", "--replay", parkedID, "--data-dir", dataDir], environment: cliEnvironment)
            #expect(replay.termination == .exit(0), "replay: \(replay.standardError)")
            #expect(replay.standardOutput.contains("replayed \(parkedID)"))
            let again = try await eventually("the replayed event to be parked again") { () async throws -> JSON? in
                let listed = try await world.cli.run(["events", "parked", "--json", "--data-dir", dataDir], environment: cliEnvironment)
                return listed.standardOutput.split(separator: "\n").compactMap { try? JSON.parse(Array($0.utf8)) }
                    .first { $0["attempts"]?.int == 4 }
            }
            #expect(again["history"]?.array?.count == 4, "parked again: \(again)")

            let missing = try await world.cli.run(
                ["events", "parked", "--replay", "activity/no-such-record", "--data-dir", dataDir], environment: cliEnvironment)
            #expect(missing.termination == .exit(1))
            #expect(missing.stderrLines == ["error: no parked event with id activity/no-such-record (see spyglass --help)"])

            // The counters did not move.
            let response = try await api.get("/v1/competitors/\(competitorID)/activity")
            #expect(try JSON.parse(response.body)["data"]?.array?.first?["changes"]?.int == 1)
        }
    }

    /// Publishes, with a confirm, an event whose payload is not a change.
    static func publishPoison(to url: String, exchange: String, tenant: String) async throws {
        var configuration = try AMQPConfiguration(url: url)
        configuration.connectionName = "e2e-poison"
        let connection = try await AMQPConnection.connect(configuration, logger: Logger(label: "e2e.amqp"))
        let channel = try await connection.openChannel()
        try await channel.confirmSelect()
        let headers: AMQPFieldTable = [
            "spyglass-version": .int64(1), "spyglass-tenant": .string(tenant), "spyglass-subject": .string("mon_x"),
        ]
        let message = AMQPMessage(
            #"{"data":{"unexpected":true}}"#,
            properties: AMQPProperties(
                contentType: "application/json", headers: headers, deliveryMode: 2, messageID: "evt_poison",
                timestamp: UInt64(Date().timeIntervalSince1970), type: "change.detected"))
        try await channel.publish(message, exchange: exchange, routingKey: "change.detected")
        try await connection.close()
    }
}
