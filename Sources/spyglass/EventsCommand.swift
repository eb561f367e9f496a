import ArgumentParser
import Foundation
import Logging
import SpyglassPorts

/// Operators' view of the event bus: the events consumers gave up on, and replaying them.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Inspect the event bus.", subcommands: [Parked.self])

    struct Parked: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List parked events (those a consumer gave up on), or replay one.",
            discussion: """
                Parked events come from the bus in use: RabbitMQ's parking-lot queues when \
                SPYGLASS_AMQP_URL is set, otherwise the database. Listing changes nothing. \
                --replay hands the event back to its consumer for one more attempt; if that \
                fails too, it is parked again with the failure added to its history.
                """)

        @Option(help: "Only this consumer's parked events.")
        var consumer: String?

        @Option(help: "Replay the parked event with this id (as listed).")
        var replay: String?

        @Flag(help: "One JSON object per line instead of text.")
        var json = false

        @OptionGroup var data: DataDirOption

        func validate() throws {
            if let replay, replay.isEmpty || replay.count > 300 {
                throw ValidationError("--replay takes a parked event's id as listed")
            }
        }

        func run() async throws {
            var logger = Logger(label: "spyglass")
            logger.logLevel = .warning
            let backend = try await Backend.open(dataDir: data.resolved, logger: logger)
            let bus = backend.bus
            if let replay {
                let found = try await backend.run { try await bus.replay(parkedID: replay) }
                guard found else { throw CLIError("no parked event with id \(replay)") }
                Console.line("replayed \(replay)")
                return
            }
            let parked = try await backend.run { try await bus.parked(consumer: consumer) }
            if json {
                for event in parked { Console.line(try Self.json(event)) }
            } else if parked.isEmpty {
                Console.line("no parked events")
            } else {
                for event in parked { Console.line(Self.text(event)) }
            }
        }

        static func text(_ parked: ParkedEvent) -> String {
            var lines = [
                "\(parked.id)  \(parked.consumer)  \(parked.event.type) v\(parked.event.version)  event \(parked.event.id)",
                "  parked \(parked.parkedAt.formatted(.iso8601)) after \(parked.attempts) attempt(s): \(parked.reason)",
            ]
            lines += parked.history.map { "  - \($0)" }
            return lines.joined(separator: "\n")
        }

        static func json(_ parked: ParkedEvent) throws -> String {
            let object: [String: Any] = [
                "id": parked.id, "consumer": parked.consumer, "event_id": parked.event.id, "type": parked.event.type,
                "version": parked.event.version, "tenant_id": parked.event.tenantID, "attempts": parked.attempts,
                "reason": parked.reason, "history": parked.history,
                "parked_at": parked.parkedAt.formatted(.iso8601),
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }
}
