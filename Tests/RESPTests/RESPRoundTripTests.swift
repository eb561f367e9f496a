import NIOCore
import RESP
import Testing

@Suite("Every RESP type encodes to the documented bytes and decodes back, however it is split")
struct RESPRoundTripTests {
    static let samples: [(wire: String, value: RESPValue)] = [
        ("+OK\r\n", .simpleString("OK")),
        ("+\r\n", .simpleString("")),
        ("-ERR unknown command 'FOO'\r\n", .simpleError("ERR unknown command 'FOO'")),
        (":0\r\n", .integer(0)),
        (":-42\r\n", .integer(-42)),
        (":9223372036854775807\r\n", .integer(.max)),
        (":-9223372036854775808\r\n", .integer(.min)),
        ("$5\r\nhello\r\n", bulk("hello")),
        ("$0\r\n\r\n", bulk("")),
        ("$4\r\na\r\nb\r\n", bulk("a\r\nb")),
        ("_\r\n", .null),
        (",3.14\r\n", .double(3.14)),
        (",-0.5\r\n", .double(-0.5)),
        (",inf\r\n", .double(.infinity)),
        (",-inf\r\n", .double(-.infinity)),
        (",1e-05\r\n", .double(0.00001)),
        ("#t\r\n", .boolean(true)),
        ("#f\r\n", .boolean(false)),
        ("(3492890328409238509324850943850943825024385\r\n", .bigNumber("3492890328409238509324850943850943825024385")),
        ("(-12\r\n", .bigNumber("-12")),
        ("!21\r\nSYNTAX invalid syntax\r\n", .bulkError(ByteBuffer(string: "SYNTAX invalid syntax"))),
        ("=15\r\ntxt:Some string\r\n", .verbatimString(format: "txt", ByteBuffer(string: "Some string"))),
        ("=4\r\nmkd:\r\n", .verbatimString(format: "mkd", ByteBuffer())),
        ("*0\r\n", .array([])),
        ("*2\r\n:1\r\n$3\r\nfoo\r\n", .array([.integer(1), bulk("foo")])),
        ("*2\r\n*1\r\n:1\r\n*0\r\n", .array([.array([.integer(1)]), .array([])])),
        ("%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", .map([
            RESPPair(key: .simpleString("first"), value: .integer(1)),
            RESPPair(key: .simpleString("second"), value: .integer(2)),
        ])),
        ("%0\r\n", .map([])),
        ("~3\r\n+a\r\n+b\r\n+a\r\n", .set([.simpleString("a"), .simpleString("b"), .simpleString("a")])),
        (">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", .push([bulk("message"), bulk("ch"), bulk("hi")])),
        ("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.1923\r\n*1\r\n:2039123\r\n", .attributed(
            [RESPPair(
                key: .simpleString("key-popularity"),
                value: .map([RESPPair(key: bulk("a"), value: .double(0.1923))])
            )],
            .array([.integer(2039123)])
        )),
        ("|0\r\n:1\r\n", .attributed([], .integer(1))),
        ("*2\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nv\r\n:7\r\n", .array([
            .attributed([RESPPair(key: .simpleString("ttl"), value: .integer(3600))], bulk("v")),
            .integer(7),
        ])),
    ]

    @Test("Each sample encodes to exactly its wire bytes", arguments: samples.indices)
    func encodesByteExact(index: Int) {
        let sample = Self.samples[index]
        #expect(encoded(sample.value) == Array(sample.wire.utf8))
    }

    @Test("Each sample decodes under every split, byte by byte, and every prefix asks for more", arguments: samples.indices)
    func decodesUnderEverySplit(index: Int) throws {
        let sample = Self.samples[index]
        try expectEverySplitDecodes(Array(sample.wire.utf8), to: [sample.value])
    }

    @Test("All samples back to back in one stream decode in order under every split")
    func concatenatedSamplesDecodeInOrder() throws {
        let wire = Self.samples.flatMap { Array($0.wire.utf8) }
        try expectEverySplitDecodes(wire, to: Self.samples.map(\.value))
    }

    @Test("RESP2 nulls ($-1 and *-1) decode as .null")
    func resp2Nulls() throws {
        try expectEverySplitDecodes(Array("$-1\r\n".utf8), to: [.null])
        try expectEverySplitDecodes(Array("*-1\r\n".utf8), to: [.null])
        try expectEverySplitDecodes(Array("*2\r\n$-1\r\n*-1\r\n".utf8), to: [.array([.null, .null])])
    }

    @Test("NaN decodes as a NaN double and encodes as 'nan'")
    func notANumber() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: ",nan\r\n")
        guard case .double(let value)? = try decoder.decode(&buffer) else {
            Issue.record("expected a double")
            return
        }
        #expect(value.isNaN)
        #expect(encoded(.double(.nan)) == Array(",nan\r\n".utf8))
    }

    @Test("Doubles in every spelling the grammar allows", arguments: [
        ("1", 1.0), ("-1", -1.0), ("+2.5", 2.5), ("1.5e3", 1500.0), ("1.5E+3", 1500.0), ("25E-1", 2.5),
        ("0.0", 0.0), ("+inf", Double.infinity),
    ])
    func doubleSpellings(text: String, expected: Double) throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: ",\(text)\r\n")
        #expect(try decoder.decode(&buffer) == .double(expected))
    }

    @Test("Binary bulk payloads (NUL, CR, LF, invalid UTF-8) survive unchanged")
    func binaryBulk() throws {
        let payload: [UInt8] = [0, 13, 10, 0xFF, 0xFE, 36, 42, 0]
        let value = RESPValue.bulkString(ByteBuffer(bytes: payload))
        try expectEverySplitDecodes(encoded(value), to: [value])
    }

    @Test("Encoding a line type replaces CR and LF so the stream stays in sync")
    func lineTypesCannotInjectLines() throws {
        #expect(encoded(.simpleString("a\r\nb")) == Array("+a  b\r\n".utf8))
        #expect(encoded(.simpleError("x\ny")) == Array("-x y\r\n".utf8))
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(bytes: encoded(.simpleString("a\r\n+b")))
        #expect(try decoder.decode(&buffer) == .simpleString("a  +b"))
        #expect(buffer.readableBytes == 0)
    }

    @Test("Bulk payloads are slices that survive the buffer being compacted and reused")
    func payloadOutlivesBuffer() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "$3\r\nabc\r\n")
        let value = try decoder.decode(&buffer)
        buffer.discardReadBytes()
        buffer.writeString("$3\r\nxyz\r\n")
        #expect(value == bulk("abc"))
        #expect(try decoder.decode(&buffer) == bulk("xyz"))
    }
}
