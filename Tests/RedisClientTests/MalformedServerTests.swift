import Foundation
import NIOCore
import NIOPosix
import RESP
import RedisClient
import Testing

/// A fake server on 127.0.0.1 that answers the handshake and then whatever the test scripts,
/// typically bytes that are not RESP. The client must fail the pending commands with
/// `.protocolViolation`, close that connection and carry on with a new one.
final class FakeRedisServer: Sendable {
    struct Script: Sendable {
        /// The reply to the first read (the HELLO).
        var hello: String = "%0\r\n"
        /// The reply to every later read; nil closes the connection instead.
        var later: String?
    }

    /// Connections opened and closed, counted on the event loop, read by the test.
    final class Counts: @unchecked Sendable {
        // @unchecked Sendable: both counters are only touched under `lock`.
        private let lock = NSLock()
        private var openedCount = 0
        private var closedCount = 0
        var opened: Int { lock.withLock { openedCount } }
        var closed: Int { lock.withLock { closedCount } }
        func open() { lock.withLock { openedCount += 1 } }
        func close() { lock.withLock { closedCount += 1 } }
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let script: Script
        let counts: Counts
        var reads = 0

        init(script: Script, counts: Counts) {
            self.script = script
            self.counts = counts
        }

        func channelActive(context: ChannelHandlerContext) { counts.open() }
        func channelInactive(context: ChannelHandlerContext) { counts.close() }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            reads += 1
            guard let reply = reads == 1 ? script.hello : script.later else {
                context.close(promise: nil)
                return
            }
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: reply)), promise: nil)
        }
    }

    let counts = Counts()
    private let channel: any Channel

    init(_ script: Script) async throws {
        let counts = self.counts
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(script: script, counts: counts))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    var port: Int { channel.localAddress?.port ?? 0 }

    func configuration() -> RedisConfiguration {
        var configuration = RedisConfiguration(host: "127.0.0.1", port: port)
        // Generous: these tests are about what happens, not when; CI machines can be slow.
        configuration.connectTimeout = .seconds(10)
        configuration.commandTimeout = .seconds(10)
        configuration.reconnectBackoff = RedisReconnectBackoff(base: .milliseconds(10), cap: .milliseconds(50))
        return configuration
    }

    func close() async throws {
        try await channel.close()
    }
}

@Suite(.timeLimit(.minutes(1))) struct MalformedServerTests {
    static let malformed = [
        "@garbage\r\n",  // not a RESP type byte
        "\u{0}\u{1}\u{2}\r\n",
        "$-5\r\n",  // negative length
        ":12ab\r\n",  // not a number
        "$99999999999999\r\n",  // longer than the limit
        "*99999999999\r\n",  // more elements than the limit
        "#x\r\n",  // not a boolean
        ",1.2.3\r\n",  // not a double
        "+OK\rX",  // CR without LF
        String(repeating: "*1\r\n", count: 200) + ":1\r\n",  // nested deeper than the limit
    ]

    @Test(arguments: malformed)
    func malformedRepliesFailPendingCommandsAndCloseTheConnection(garbage: String) async throws {
        let server = try await FakeRedisServer(.init(later: "+first\r\n" + garbage))
        try await withRunningClient(server.configuration()) { client in
            let results = try await client.pipeline([RESPCommand("PING"), RESPCommand("PING"), RESPCommand("PING")])
            #expect(try results[0].get().string == "first")
            #expect(results[1].failure?.code == .protocolViolation)
            #expect(results[2].failure?.code == .protocolViolation)
            #expect(await eventually(within: .seconds(30)) { server.counts.closed >= 1 })
            // The client carries on with a fresh connection (which gets garbage again).
            let again = try await client.pipeline([RESPCommand("PING"), RESPCommand("PING")])
            #expect(try again[0].get().string == "first")
            #expect(server.counts.opened >= 2)
        }
        try await server.close()
    }

    @Test func garbageDuringTheHandshakeFailsTheCallerWithProtocolViolation() async throws {
        let server = try await FakeRedisServer(.init(hello: "@not-resp\r\n"))
        try await withRunningClient(server.configuration()) { client in
            let error = await redisError { try await client.send(RESPCommand("PING")) }
            #expect(error?.code == .protocolViolation)
        }
        try await server.close()
    }

    @Test func aReplyNobodyAskedForClosesTheConnectionButNotTheClient() async throws {
        let server = try await FakeRedisServer(.init(later: "+OK\r\n+EXTRA\r\n"))
        try await withRunningClient(server.configuration()) { client in
            let first = try await client.send(RESPCommand("PING"))
            #expect(first.string == "OK")
            #expect(await eventually(within: .seconds(30)) { server.counts.closed >= 1 })
            let second = try await client.send(RESPCommand("PING"))
            #expect(second.string == "OK")
            #expect(server.counts.opened == 2)
        }
        try await server.close()
    }

    @Test func aServerThatHangsUpFailsThePendingCommand() async throws {
        let server = try await FakeRedisServer(.init(later: nil))
        try await withRunningClient(server.configuration()) { client in
            let error = await redisError { try await client.send(RESPCommand("PING")) }
            #expect(error?.code == .connectionClosed)
        }
        try await server.close()
    }

    @Test func aServerThatNeverAnswersTheHandshakeFailsCallersInBoundedTime() async throws {
        let server = try await FakeRedisServer(.init(hello: ""))
        var configuration = server.configuration()
        configuration.connectTimeout = .milliseconds(300)
        try await withRunningClient(configuration) { client in
            let started = ContinuousClock.now
            let error = await redisError { try await client.send(RESPCommand("PING")) }
            #expect(error?.code == .notConnected)
            #expect(ContinuousClock.now - started < .seconds(8))
        }
        try await server.close()
    }
}
