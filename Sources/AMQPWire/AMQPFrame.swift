import NIOCore

/// One AMQP 0-9-1 frame: type octet, channel, size, payload, frame-end 0xCE.
public enum AMQPFrame: Sendable, Equatable {
    case method(channel: UInt16, AMQPMethod)
    case header(channel: UInt16, AMQPContentHeader)
    case body(channel: UInt16, ByteBuffer)
    /// Always on channel 0.
    case heartbeat

    public var channel: UInt16 {
        switch self {
        case .method(let channel, _), .header(let channel, _), .body(let channel, _): channel
        case .heartbeat: 0
        }
    }
}

/// What a client sends before any frame.
public enum AMQPProtocolHeader {
    public static let bytes: [UInt8] = [0x41, 0x4D, 0x51, 0x50, 0, 0, 9, 1]  // "AMQP" 0 0 9 1
}

/// The frame sizes of the protocol.
public enum AMQPFrameLimits {
    /// Type (1) + channel (2) + size (4) before the payload, frame-end (1) after it.
    public static let overhead = 8
    /// The smallest frame-max a peer may negotiate (the spec's frame-min-size).
    public static let minimumFrameMax: UInt32 = 4096
}
