import NIOCore

/// NIO adapter around `RESPDecoder`: emits one `RESPValue` per complete value. It closes nothing
/// itself; a decoding error reaches the handler above, which decides what to do with the channel.
public struct RESPMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = RESPValue

    private var decoder: RESPDecoder

    public init(limits: RESPLimits = RESPLimits()) {
        self.decoder = RESPDecoder(limits: limits)
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        try decoder.decode(&buffer)
    }

    /// Bytes of an incomplete value left at EOF are not a value; they stay in the buffer.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decoder.decode(&buffer)
    }
}
