import NIOCore

/// Cuts whole AMQP frames out of a byte stream, bounded by the negotiated frame-max.
public struct AMQPFrameDecoder: Sendable {
    /// The negotiated frame-max: the whole frame, including the 8 bytes of overhead.
    /// Taken literally (0 is not "unlimited" here): the connection must pick a concrete limit.
    public var maxFrameSize: UInt32

    public init(maxFrameSize: UInt32 = 131_072) {
        self.maxFrameSize = maxFrameSize
    }

    /// Type (1) + channel (2) + size (4).
    private static let headerSize = 7

    /// The next whole frame, or nil when `buffer` does not hold one yet (nothing consumed then).
    /// Throws AMQPWireError on malformed bytes (the connection must then close with error.code.replyCode);
    /// nothing is consumed then either.
    public mutating func decode(_ buffer: inout ByteBuffer) throws -> AMQPFrame? {
        let start = buffer.readerIndex
        guard let type = buffer.getInteger(at: start, as: UInt8.self) else { return nil }
        guard AMQPFrame.FrameType.all.contains(type) else {
            throw AMQPWireError(.unknownFrameType, "unknown frame type \(type)")
        }
        guard let channel = buffer.getInteger(at: start + 1, as: UInt16.self),
            let size = buffer.getInteger(at: start + 3, as: UInt32.self)
        else { return nil }
        // Checked before the payload arrives, so a hostile size never makes us wait for (or buffer) it.
        let frameSize = UInt64(size) + UInt64(AMQPFrameLimits.overhead)
        guard frameSize <= UInt64(maxFrameSize), let payloadSize = Int(exactly: size) else {
            throw AMQPWireError(.frameTooLarge, "frame of \(frameSize) bytes exceeds frame-max \(maxFrameSize)")
        }
        let endIndex = start + Self.headerSize + payloadSize
        guard var payload = buffer.getSlice(at: start + Self.headerSize, length: payloadSize),
            let end = buffer.getInteger(at: endIndex, as: UInt8.self)
        else { return nil }
        guard end == AMQPFrame.frameEnd else {
            throw AMQPWireError(.badFrameEnd, "frame ends with \(end), not 0xCE")
        }
        let frame = try Self.frame(type: type, channel: channel, payload: &payload)
        buffer.moveReaderIndex(to: endIndex + 1)
        return frame
    }

    private static func frame(type: UInt8, channel: UInt16, payload: inout ByteBuffer) throws -> AMQPFrame {
        switch type {
        case AMQPFrame.FrameType.method:
            return .method(channel: channel, try AMQPMethod.decode(from: &payload))
        case AMQPFrame.FrameType.header:
            return .header(channel: channel, try AMQPContentHeader.decode(from: &payload))
        case AMQPFrame.FrameType.body:
            return .body(channel: channel, payload)
        default:  // heartbeat: decode(_:) admits no other type
            guard channel == 0 else {
                throw AMQPWireError(.badHeartbeat, "heartbeat on channel \(channel)")
            }
            guard payload.readableBytes == 0 else {
                throw AMQPWireError(.malformedPayload, "heartbeat with a \(payload.readableBytes)-byte payload")
            }
            return .heartbeat
        }
    }
}
