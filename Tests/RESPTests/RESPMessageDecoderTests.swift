import NIOCore
import NIOTestUtils
import RESP
import Testing

@Suite("RESPMessageDecoder in a NIO pipeline")
struct RESPMessageDecoderTests {
    @Test("ByteToMessageDecoderVerifier: drip-fed, one per buffer, and many at once")
    func verifier() throws {
        let pairs: [(ByteBuffer, [RESPValue])] = RESPRoundTripTests.samples.map {
            (ByteBuffer(string: $0.wire), [$0.value])
        } + [
            (ByteBuffer(string: "+a\r\n:1\r\n"), [.simpleString("a"), .integer(1)]),
            (ByteBuffer(string: "$-1\r\n"), [.null]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { RESPMessageDecoder(limits: RESPLimits()) }
    }

    @Test("Random trees pass the verifier too")
    func verifierRandomTrees() throws {
        var generator = SeededGenerator(seed: 0x5EED_0005)
        let pairs: [(ByteBuffer, [RESPValue])] = (0..<40).map { _ in
            let value = RandomRESPValue.make(depth: 3, using: &generator)
            return (ByteBuffer(bytes: encoded(value)), [value])
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { RESPMessageDecoder(limits: RESPLimits()) }
    }

    @Test("Malformed input throws a RESPError from decode and from decodeLast")
    func malformedInputThrows() {
        var decoder = RESPMessageDecoder(limits: RESPLimits(maxDepth: 2))
        var buffer = ByteBuffer(string: "*1\r\n*1\r\n*1\r\n")
        #expect(throws: RESPError.self) { try decoder.decode(buffer: &buffer) }
        var garbage = ByteBuffer(string: "@")
        #expect(throws: RESPError.self) { try decoder.decodeLast(buffer: &garbage, seenEOF: true) }
    }

    @Test("At EOF a partial value is left in the buffer, complete ones are still delivered")
    func decodeLastAtEOF() throws {
        var decoder = RESPMessageDecoder(limits: RESPLimits())
        var buffer = ByteBuffer(string: ":1\r\n$5\r\nhel")
        #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true) == .integer(1))
        #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true) == nil)
        #expect(buffer.readableBytes == 7)
    }
}
