import NIOCore
import RESP
import Testing

@Suite("Values arriving in many reads")
struct RESPIncrementalTests {
    @Test("A 20,000-element array fed in small chunks decodes once, with every element")
    func largeArrayInChunks() throws {
        let value = RESPValue.array((0..<20_000).map { .integer(Int64($0)) })
        let wire = encoded(value)
        let chunks = Array(repeating: 997, count: wire.count / 997 + 1)
        #expect(try decodeStream(wire, chunks: chunks) == [value])
    }

    @Test("A large bulk string fed in small chunks is one slice of the right bytes")
    func largeBulkInChunks() throws {
        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let value = RESPValue.bulkString(ByteBuffer(bytes: payload))
        let wire = encoded(value)
        #expect(try decodeStream(wire, chunks: Array(repeating: 4096, count: wire.count / 4096 + 1)) == [value])
    }

    @Test("Progress inside an open aggregate resumes where it stopped, even after compaction")
    func resumesAfterCompaction() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "+skip\r\n*3\r\n:1\r\n:2")
        #expect(try decoder.decode(&buffer) == .simpleString("skip"))
        #expect(try decoder.decode(&buffer) == nil)
        buffer.discardReadBytes()
        buffer.writeString("\r\n$1\r\nx")
        #expect(try decoder.decode(&buffer) == nil)
        buffer.writeString("\r\n")
        #expect(try decoder.decode(&buffer) == .array([.integer(1), .integer(2), bulk("x")]))
        #expect(buffer.readableBytes == 0)
    }

    @Test("A different, shorter buffer after an incomplete value is decoded from its start")
    func shorterBufferStartsOver() throws {
        var decoder = RESPDecoder()
        var partial = ByteBuffer(string: "*2\r\n:1\r\n")
        #expect(try decoder.decode(&partial) == nil)
        var other = ByteBuffer(string: ":9\r\n")
        #expect(try decoder.decode(&other) == .integer(9))
    }

    @Test("Pipelined replies in one read come out one per call, in order")
    func pipelinedReplies() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "+OK\r\n:1\r\n$-1\r\n*1\r\n+x\r\n")
        var values: [RESPValue] = []
        while let value = try decoder.decode(&buffer) { values.append(value) }
        #expect(values == [.simpleString("OK"), .integer(1), .null, .array([.simpleString("x")])])
    }
}
