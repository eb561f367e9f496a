import SpyglassEmbedded
import SpyglassPorts
import SpyglassRedis
import Testing

/// A pub/sub under test: `make` gives instances that reach each other, as processes of a fleet
/// would (the in-memory one is one object; Redis instances have clients of their own).
struct PubSubBackend: Sendable, CustomTestStringConvertible {
    var name: String
    var make: @Sendable (_ processes: Int) async throws -> [any PubSub]

    var testDescription: String { name }

    static let all: [PubSubBackend] = [inMemory] + (TestRedis.isEnabled ? [redis] : [])

    static let inMemory = PubSubBackend(name: "in memory") { processes in
        Array(repeating: InMemoryPubSub(), count: processes)
    }

    static let redis = PubSubBackend(name: "Redis") { processes in
        let server = try await TestRedis.server()
        var instances: [any PubSub] = []
        for _ in 0..<processes {
            let pubSub = RedisPubSub(client: try await TestRedis.client(of: server))
            try TestRedis.run(pubSub)
            instances.append(pubSub)
        }
        return instances
    }
}

@Suite("Pub/sub contract", .stopsTestRedis)
struct PubSubContractTests {
    @Test("every subscriber of a channel gets what is published after it subscribed", arguments: PubSubBackend.all)
    func fanOut(backend: PubSubBackend) async throws {
        let pubSub = try #require(try await backend.make(1).first)
        let a = try await pubSub.subscribe(channel: "tenant-1")
        let b = try await pubSub.subscribe(channel: "tenant-1")
        try await pubSub.publish(channel: "tenant-1", message: [1])
        try await pubSub.publish(channel: "tenant-1", message: [2])
        #expect(await Self.first(2, of: a) == [[1], [2]])
        #expect(await Self.first(2, of: b) == [[1], [2]])
    }

    @Test("channels are separate", arguments: PubSubBackend.all)
    func separateChannels(backend: PubSubBackend) async throws {
        let pubSub = try #require(try await backend.make(1).first)
        let one = try await pubSub.subscribe(channel: "one")
        let two = try await pubSub.subscribe(channel: "two")
        try await pubSub.publish(channel: "two", message: Array("for two".utf8))
        try await pubSub.publish(channel: "nobody", message: [0])
        try await pubSub.publish(channel: "one", message: Array("for one".utf8))
        #expect(await Self.first(1, of: one) == [Array("for one".utf8)])
        #expect(await Self.first(1, of: two) == [Array("for two".utf8)])
    }

    @Test("any bytes and odd channel names travel unchanged", arguments: PubSubBackend.all)
    func binaryPayloads(backend: PubSubBackend) async throws {
        let pubSub = try #require(try await backend.make(1).first)
        let channel = "ünï {tag} *?[glob] \r\n"
        let messages: [[UInt8]] = [Array(0...255), [], Array(repeating: 0x0D, count: 70_000)]
        let stream = try await pubSub.subscribe(channel: channel)
        for message in messages { try await pubSub.publish(channel: channel, message: message) }
        #expect(await Self.first(3, of: stream) == messages)
    }

    @Test("another process receives what one publishes", arguments: PubSubBackend.all)
    func acrossProcesses(backend: PubSubBackend) async throws {
        let processes = try await backend.make(2)
        let listening = try await processes[1].subscribe(channel: "changes")
        let alsoHere = try await processes[0].subscribe(channel: "changes")
        try await processes[0].publish(channel: "changes", message: Array("{\"id\":1}".utf8))
        #expect(await Self.first(1, of: listening) == [Array("{\"id\":1}".utf8)])
        #expect(await Self.first(1, of: alsoHere) == [Array("{\"id\":1}".utf8)])
    }

    /// The first `count` messages, or fewer when they do not come within 30 s (a loaded machine).
    static func first(_ count: Int, of stream: AsyncStream<[UInt8]>) async -> [[UInt8]] {
        await withTaskGroup(of: [[UInt8]]?.self) { group in
            group.addTask {
                var received: [[UInt8]] = []
                for await message in stream {
                    received.append(message)
                    if received.count == count { break }
                }
                return received
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? []
        }
    }
}
