import AMQPClient
import AMQPWire
import Foundation
import Logging
import NIOCore
import SpyglassDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The AMQP client against the broker scripts/bench starts, measured the way
/// Benchmarks/pika_bench.py measures pika: publishes with confirms one at a time and in windows
/// of 100, and consuming with manual acks at prefetch 100 from a pre-filled queue. Persistent
/// messages on a durable queue, the same body. Prints one JSON line per measurement.
enum AMQPBench {
    static let body = #"{"id":"evt_0000","type":"change.detected","data":{"summary":"Pro plan went from $49 to $59"}}"#

    /// `amqp URL [messages]`.
    static func run(_ arguments: [String]) async throws {
        guard arguments.count >= 2 else { throw BenchError(.usage, "usage: spyglass-bench amqp amqp://… [messages]") }
        let messages = arguments.count > 2 ? Int(arguments[2]) ?? 5_000 : 5_000
        guard messages > 0 else { throw BenchError(.usage, "messages must be positive") }
        var configuration = try AMQPConfiguration(url: arguments[1])
        configuration.connectionName = "spyglass-bench"
        let connection = try await AMQPConnection.connect(configuration, logger: Logger(label: "spyglass-bench"))
        let channel = try await connection.openChannel()
        let queue = "bench.swift.\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await channel.declareQueue(Queue.Declare(queue: queue))
        try await channel.confirmSelect()
        let message = AMQPMessage(body, properties: AMQPProperties(deliveryMode: 2))

        var started = Measurement.start()
        for _ in 0..<messages {
            try await channel.publish(message, exchange: "", routingKey: queue)
        }
        report("publish_confirm_single", messages: messages, since: started)
        _ = try await channel.purgeQueue(queue)

        started = Measurement.start()
        try await publishWindows(channel, message, queue: queue, messages: messages, window: 100)
        report("publish_confirm_window_100", messages: messages, since: started)

        // The queue now holds `messages` messages (the windows above): consume them.
        while try await channel.declareQueue(Queue.Declare(queue: queue, passive: true)).messageCount < messages {
            try await Task.sleep(for: .milliseconds(10))
        }
        let consumer = try await connection.openChannel()
        try await consumer.qos(prefetchCount: 100)
        started = Measurement.start()
        var received = 0
        for try await delivery in try await consumer.consume(queue: queue) {
            try await delivery.ack()
            received += 1
            if received == messages { break }
        }
        report("consume_manual_ack_prefetch_100", messages: messages, since: started)

        try await consumer.close()
        _ = try await channel.deleteQueue(Queue.Delete(queue: queue))
        try await connection.close()
    }

    /// Sends a window of publishes at once, waits for all their confirms, and repeats.
    static func publishWindows(
        _ channel: AMQPChannel, _ message: AMQPMessage, queue: String, messages: Int, window: Int
    ) async throws {
        var sent = 0
        while sent < messages {
            let count = min(window, messages - sent)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<count {
                    group.addTask { try await channel.publish(message, exchange: "", routingKey: queue) }
                }
                try await group.waitForAll()
            }
            sent += count
        }
    }

    /// Wall time and this process's CPU time (user + system) since a start: the broker bounds the
    /// first for both clients alike; the second is what the client itself costs per message.
    struct Measurement {
        var wall: ContinuousClock.Instant
        var cpuSeconds: Double

        static func start() -> Measurement { Measurement(wall: .now, cpuSeconds: processCPUSeconds()) }

        static func processCPUSeconds() -> Double {
            var usage = rusage()
            #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            #else
            getrusage(RUSAGE_SELF, &usage)
            #endif
            func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
            return seconds(usage.ru_utime) + seconds(usage.ru_stime)
        }
    }

    static func report(_ name: String, messages: Int, since start: Measurement) {
        let elapsed = (ContinuousClock.now - start.wall).seconds
        let cpu = Measurement.processCPUSeconds() - start.cpuSeconds
        let perSecond = Double(messages) / max(elapsed, 1e-9)
        let cpuPerMessage = cpu / Double(messages) * 1e6
        print(#"{"bench":"amqp_\#(name)","messages":\#(messages),"msgs_per_s":\#(String(format: "%.1f", perSecond)),"cpu_us_per_msg":\#(String(format: "%.1f", cpuPerMessage))}"#)
    }
}
