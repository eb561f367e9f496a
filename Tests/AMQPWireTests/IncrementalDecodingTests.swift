import AMQPWire
import NIOCore
import Testing

@Suite("Incremental decoding")
struct IncrementalDecodingTests {
    private static func streamBytes() throws -> [UInt8] {
        try Samples.frameStream.flatMap { try encoded($0) }
    }

    /// Decodes what `input` holds, checking that a nil result consumed nothing.
    private static func drain(_ decoder: inout AMQPFrameDecoder, _ input: inout ByteBuffer, into frames: inout [AMQPFrame]) throws {
        while true {
            let before = input.readerIndex
            guard let frame = try decoder.decode(&input) else {
                #expect(input.readerIndex == before, "an incomplete frame must consume nothing")
                return
            }
            frames.append(frame)
        }
    }

    @Test("the whole stream at once gives every frame")
    func wholeStream() throws {
        #expect(try decodeAll(try Self.streamBytes()) == Samples.frameStream)
    }

    @Test("byte by byte gives the same frames")
    func byteByByte() throws {
        var decoder = AMQPFrameDecoder()
        var input = ByteBuffer()
        var frames: [AMQPFrame] = []
        for byte in try Self.streamBytes() {
            input.writeInteger(byte)
            try Self.drain(&decoder, &input, into: &frames)
        }
        #expect(frames == Samples.frameStream)
        #expect(input.readableBytes == 0)
    }

    @Test("every split into two chunks gives the same frames")
    func everyTwoChunkSplit() throws {
        let stream = try Self.streamBytes()
        for split in 0...stream.count {
            var decoder = AMQPFrameDecoder()
            var input = ByteBuffer(bytes: stream[..<split])
            var frames: [AMQPFrame] = []
            try Self.drain(&decoder, &input, into: &frames)
            input.writeBytes(stream[split...])
            try Self.drain(&decoder, &input, into: &frames)
            #expect(frames == Samples.frameStream, "split at \(split)")
            #expect(input.readableBytes == 0)
        }
    }

    @Test("every proper prefix of one frame yields nil and consumes nothing")
    func prefixesOfOneFrame() throws {
        let frame = try encoded(Samples.frameStream[0])
        for length in 0..<frame.count {
            var decoder = AMQPFrameDecoder()
            var input = buffer(Array(frame.prefix(length)))
            #expect(try decoder.decode(&input) == nil, "prefix \(length)")
            #expect(input.readableBytes == length)
        }
    }

    @Test("a frame is decoded from a buffer whose reader index is not zero")
    func nonZeroReaderIndex() throws {
        var input = ByteBuffer(bytes: [0xFF, 0xFF] + (try encoded(.heartbeat)))
        input.moveReaderIndex(forwardBy: 2)
        var decoder = AMQPFrameDecoder()
        #expect(try decoder.decode(&input) == .heartbeat)
        #expect(input.readableBytes == 0)
    }

    @Test("a body frame's payload does not include the bytes after it")
    func bodyPayloadIsBounded() throws {
        var input = ByteBuffer(bytes: Wire.frame(type: 3, channel: 1, payload: [1, 2]) + [8, 0, 0])
        var decoder = AMQPFrameDecoder()
        #expect(try decoder.decode(&input) == .body(channel: 1, ByteBuffer(bytes: [1, 2])))
        #expect(try decoder.decode(&input) == nil)
        #expect(input.readableBytes == 3)
    }
}
