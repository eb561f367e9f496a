import NIOCore
import RESP

/// One published message.
public struct RedisMessage: Sendable, Hashable {
    /// The channel it was published to.
    public var channel: String
    /// The pattern that matched, for PSUBSCRIBE subscriptions.
    public var pattern: String?
    public var payload: ByteBuffer

    public init(channel: String, pattern: String? = nil, payload: ByteBuffer) {
        self.channel = channel
        self.pattern = pattern
        self.payload = payload
    }
}

/// What a subscription is to: a channel, a pattern, or a shard channel (Redis 7 sharded pub/sub).
enum RedisSubscriptionKind: Sendable, Hashable, CaseIterable {
    case channel, pattern, shardChannel

    var subscribeCommand: String {
        switch self {
        case .channel: "SUBSCRIBE"
        case .pattern: "PSUBSCRIBE"
        case .shardChannel: "SSUBSCRIBE"
        }
    }

    var unsubscribeCommand: String {
        switch self {
        case .channel: "UNSUBSCRIBE"
        case .pattern: "PUNSUBSCRIBE"
        case .shardChannel: "SUNSUBSCRIBE"
        }
    }

    /// The push kind that confirms the subscribe (one per channel), lower case as Redis sends it.
    var subscribeConfirmation: String { subscribeCommand.lowercased() }
    var unsubscribeConfirmation: String { unsubscribeCommand.lowercased() }
}

struct RedisSubscriptionKey: Sendable, Hashable {
    var kind: RedisSubscriptionKind
    var name: String
}

/// Reads the three message pushes; anything else (confirmations, invalidations, malformed
/// pushes) is not a message and gives nil.
///
/// `>3 message <channel> <payload>`, `>4 pmessage <pattern> <channel> <payload>`,
/// `>3 smessage <channel> <payload>`.
enum RedisPushParser {
    static func message(from push: RESPValue) -> (RedisSubscriptionKey, RedisMessage)? {
        guard let elements = push.array, let kind = elements.first?.string?.lowercased() else { return nil }
        switch (kind, elements.count) {
        case ("message", 3), ("smessage", 3):
            guard let channel = elements[1].string, let payload = payload(elements[2]) else { return nil }
            let key = RedisSubscriptionKey(kind: kind == "message" ? .channel : .shardChannel, name: channel)
            return (key, RedisMessage(channel: channel, payload: payload))
        case ("pmessage", 4):
            guard let pattern = elements[1].string, let channel = elements[2].string, let payload = payload(elements[3])
            else { return nil }
            return (
                RedisSubscriptionKey(kind: .pattern, name: pattern),
                RedisMessage(channel: channel, pattern: pattern, payload: payload)
            )
        default:
            return nil
        }
    }

    private static func payload(_ value: RESPValue) -> ByteBuffer? {
        switch value.withoutAttributes {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): ByteBuffer(string: text)
        default: nil
        }
    }
}
