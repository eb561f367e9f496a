import NIOCore

extension AMQPFrame {
    /// The frame type octets of AMQP 0-9-1.
    enum FrameType {
        static let method: UInt8 = 1
        static let header: UInt8 = 2
        static let body: UInt8 = 3
        static let heartbeat: UInt8 = 8
        static let all: [UInt8] = [method, header, body, heartbeat]
    }

    /// The frame-end octet.
    static let frameEnd: UInt8 = 0xCE

    /// Appends the whole frame (header, payload, 0xCE). Throws AMQPWireError(.badString) for a short string over 255 bytes.
    /// On a throw nothing is appended.
    public func encode(into buffer: inout ByteBuffer) throws {
        let start = buffer.writerIndex
        do {
            try encodeUnchecked(into: &buffer)
        } catch {
            buffer.moveWriterIndex(to: start)
            throw error
        }
    }

    private func encodeUnchecked(into buffer: inout ByteBuffer) throws {
        buffer.writeInteger(typeOctet)
        buffer.writeInteger(channel)
        let sizeIndex = buffer.writerIndex
        buffer.writeInteger(0 as UInt32)
        switch self {
        case .method(_, let method): try method.encodeArguments(into: &buffer)
        case .header(_, let header): try header.encode(into: &buffer)
        case .body(_, let body): buffer.writeImmutableBuffer(body)
        case .heartbeat: break
        }
        let payloadSize = buffer.writerIndex - sizeIndex - 4
        guard let size = UInt32(exactly: payloadSize) else {
            throw AMQPWireError(.frameTooLarge, "a payload of \(payloadSize) bytes does not fit a frame")
        }
        buffer.setInteger(size, at: sizeIndex)
        buffer.writeInteger(Self.frameEnd)
    }

    private var typeOctet: UInt8 {
        switch self {
        case .method: FrameType.method
        case .header: FrameType.header
        case .body: FrameType.body
        case .heartbeat: FrameType.heartbeat
        }
    }
}
