import NIOCore
import RESP
import RedisClient
import RedisTestSupport
import Testing

/// Suites time out instead of hanging when an expected message never comes.
@Suite(requiresRedisServer, .timeLimit(.minutes(1))) struct SubscriberIntegrationTests {
    func subscribers(_ client: RedisClient, on channel: String) async throws -> Int64? {
        try await client.send(RESPCommand("PUBSUB", "NUMSUB", channel)).array?.last?.int
    }

    @Test func channelPatternAndShardSubscriptionsReceiveMessages() async throws {
        try await withRedisServer { server in
            try await withRunningSubscriber(try configuration(server)) { client, subscriber in
                let news = try await subscriber.subscribe(["news", "news"])
                let patterns = try await subscriber.psubscribe(patterns: ["ne*"])
                let shards = try await subscriber.ssubscribe(channels: ["shard"])
                #expect(try await client.send(RESPCommand("PUBLISH", "news", "hello")).int == 2)
                _ = try await client.send(RESPCommand(arguments: [
                    ByteBuffer(string: "SPUBLISH"), ByteBuffer(string: "shard"), ByteBuffer(bytes: [0, 1, 255]),
                ]))

                var newsIterator = news.makeAsyncIterator()
                let message = await newsIterator.next()
                #expect(message?.channel == "news")
                #expect(message?.pattern == nil)
                #expect(message.map { String(buffer: $0.payload) } == "hello")

                var patternIterator = patterns.makeAsyncIterator()
                let matched = await patternIterator.next()
                #expect(matched?.pattern == "ne*")
                #expect(matched?.channel == "news")

                var shardIterator = shards.makeAsyncIterator()
                let shardMessage = await shardIterator.next()
                #expect(shardMessage?.payload == ByteBuffer(bytes: [0, 1, 255]))
            }
        }
    }

    @Test func resubscribesAfterTheServerRestarts() async throws {
        try await withRedisServer { server in
            try await withRunningSubscriber(try configuration(server)) { client, subscriber in
                var messages = try await subscriber.subscribe(["alerts"]).makeAsyncIterator()
                try await server.restart()
                let back = try await eventually { try await subscribers(client, on: "alerts") == 1 }
                #expect(back)
                _ = try await client.send(RESPCommand("PUBLISH", "alerts", "after-restart"))
                let message = await messages.next()
                #expect(message.map { String(buffer: $0.payload) } == "after-restart")
            }
        }
    }

    @Test func resubscribesAfterTheServerKillsTheConnection() async throws {
        try await withRedisServer { server in
            try await withRunningSubscriber(try configuration(server)) { client, subscriber in
                var messages = try await subscriber.psubscribe(patterns: ["jobs.*"]).makeAsyncIterator()
                let killed = try await client.send(RESPCommand("CLIENT", "KILL", "TYPE", "pubsub")).int
                #expect(killed == 1)
                let back = try await eventually {
                    try await client.send(RESPCommand("PUBSUB", "NUMPAT")).int == 1
                }
                #expect(back)
                _ = try await client.send(RESPCommand("PUBLISH", "jobs.new", "j1"))
                let message = await messages.next()
                #expect(message?.channel == "jobs.new")
                #expect(message?.pattern == "jobs.*")
            }
        }
    }

    @Test func streamsEndWhenRunEnds() async throws {
        try await withRedisServer { server in
            let client = RedisClient(configuration: try configuration(server), logger: quietLogger)
            let subscriber = client.subscriber()
            let stream = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await subscriber.run() }
                let stream = try await subscriber.subscribe(["c"])
                group.cancelAll()
                try await group.waitForAll()
                return stream
            }
            var iterator = stream.makeAsyncIterator()
            let afterEnd = await iterator.next()
            #expect(afterEnd == nil)
            let error = await redisError { try await subscriber.subscribe(["later"]) }
            #expect(error?.code == .notConnected)
        }
    }

    @Test func aDroppedStreamIsUnsubscribedUnlessAnotherWantsTheChannel() async throws {
        try await withRedisServer { server in
            try await withRunningSubscriber(try configuration(server)) { client, subscriber in
                var kept = try await subscriber.subscribe(["shared"]).makeAsyncIterator()
                do {
                    let dropped = try await subscriber.subscribe(["shared", "temporary"])
                    _ = dropped
                }
                let temporaryGone = try await eventually { try await subscribers(client, on: "temporary") == 0 }
                #expect(temporaryGone)
                #expect(try await subscribers(client, on: "shared") == 1)
                _ = try await client.send(RESPCommand("PUBLISH", "shared", "still-here"))
                let message = await kept.next()
                #expect(message.map { String(buffer: $0.payload) } == "still-here")
            }
        }
    }

    @Test func subscribingBeforeRunWaitsABoundedTime() async throws {
        try await withRedisServer { server in
            var configuration = try configuration(server)
            configuration.connectTimeout = .milliseconds(150)
            configuration.commandTimeout = .milliseconds(150)
            let subscriber = RedisClient(configuration: configuration, logger: quietLogger).subscriber()
            let error = await redisError { try await subscriber.subscribe(["c"]) }
            #expect(error?.code == .notConnected)
            #expect(error?.message.contains("run()") == true)
            let empty = await redisError { try await subscriber.subscribe([]) }
            #expect(empty?.code == .invalidArgument)
        }
    }

    @Test func aRefusedSubscriptionThrowsTheServerError() async throws {
        // The user may only use channels starting with "allowed:".
        let options = TestRedisServer.Options(
            username: "limited", password: "pw", userRules: ["~*", "resetchannels", "&allowed:*", "+@all"])
        try await withRedisServer(options) { server in
            try await withRunningSubscriber(try configuration(server)) { _, subscriber in
                let error = await redisError { try await subscriber.subscribe(["forbidden"]) }
                #expect(error?.code == .server)
                #expect(error?.serverErrorPrefix == "NOPERM")
                _ = try await subscriber.subscribe(["allowed:1"])
            }
        }
    }
}
