import NIOCore
import RESP
import Testing

@testable import RedisClient

@Suite struct PushParserTests {
    func bulk(_ text: String) -> RESPValue { .bulkString(ByteBuffer(string: text)) }

    @Test func message() throws {
        let (key, message) = try #require(RedisPushParser.message(from: .push([bulk("message"), bulk("news"), bulk("hi")])))
        #expect(key == RedisSubscriptionKey(kind: .channel, name: "news"))
        #expect(message == RedisMessage(channel: "news", payload: ByteBuffer(string: "hi")))
    }

    @Test func patternMessage() throws {
        let (key, message) = try #require(
            RedisPushParser.message(from: .push([bulk("pmessage"), bulk("n*"), bulk("news"), bulk("hi")])))
        #expect(key == RedisSubscriptionKey(kind: .pattern, name: "n*"))
        #expect(message.pattern == "n*")
        #expect(message.channel == "news")
    }

    @Test func shardMessage() throws {
        let (key, _) = try #require(RedisPushParser.message(from: .push([bulk("smessage"), bulk("s"), bulk("x")])))
        #expect(key.kind == .shardChannel)
    }

    @Test func binaryPayloadIsKeptAsBytes() throws {
        let bytes = ByteBuffer(bytes: [0, 255, 13, 10])
        let (_, message) = try #require(
            RedisPushParser.message(from: .push([bulk("message"), bulk("c"), .bulkString(bytes)])))
        #expect(message.payload == bytes)
    }

    @Test(arguments: [
        RESPValue.push([]),
        .push([.bulkString(ByteBuffer(string: "message")), .bulkString(ByteBuffer(string: "c"))]),
        .push([.bulkString(ByteBuffer(string: "subscribe")), .bulkString(ByteBuffer(string: "c")), .integer(1)]),
        .push([.integer(1), .integer(2), .integer(3)]),
        .push([.bulkString(ByteBuffer(string: "message")), .integer(1), .bulkString(ByteBuffer(string: "x"))]),
        .push([.bulkString(ByteBuffer(string: "message")), .bulkString(ByteBuffer(string: "c")), .array([])]),
        .push([.bulkString(ByteBuffer(string: "invalidate")), .array([])]),
        .integer(5),
    ])
    func nonMessagesAreIgnored(push: RESPValue) {
        #expect(RedisPushParser.message(from: push) == nil)
    }
}

@Suite struct RetryPolicyTests {
    typealias Results = [Result<RESPValue, RedisError>]
    let closed = RedisError(.connectionClosed, "the server closed the connection")
    let closedUnsent = RedisError(.connectionClosed, "closed", commandWasNotSent: true)

    func retry(_ results: Results, fromIdle: Bool = true, enabled: Bool = true) -> Bool {
        RedisRetryPolicy.shouldRetry(results, fromIdleConnection: fromIdle, retryOnStaleConnection: enabled)
    }

    @Test func unsentCommandsAreAlwaysRetried() {
        #expect(retry([.failure(closedUnsent)], fromIdle: false, enabled: false))
    }

    @Test func aStaleIdleConnectionWithoutAnyReplyIsRetried() {
        #expect(retry([.failure(closed), .failure(closed)]))
        #expect(!retry([.failure(closed)], fromIdle: false))
        #expect(!retry([.failure(closed)], enabled: false))
    }

    @Test func anyReplyOrOtherFailureMeansNoRetry() {
        #expect(!retry([.success(.integer(1)), .failure(closed)]))
        #expect(!retry([.failure(.server("ERR x")), .failure(closed)]))
        #expect(!retry([.failure(RedisError(.timeout, "late"))]))
        #expect(!retry([.failure(RedisError(.protocolViolation, "bad"))]))
        #expect(!retry([.failure(RedisError(.cancelled, "stop"))]))
        #expect(!retry([]))
    }
}

@Suite struct TLSSetupTests {
    @Test func rediss() throws {
        let configuration = try RedisConfiguration(url: "rediss://127.0.0.1:6380")
        guard case .success = RedisClient.makeTLSContext(configuration) else {
            Issue.record("the default client TLS configuration must be usable")
            return
        }
        #expect(RedisClient.makeTLSContext(try RedisConfiguration(url: "redis://h")) == nil)
    }
}
