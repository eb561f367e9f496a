import NIOCore
import RESP
import Testing

@Suite("Malformed and hostile bytes give a typed error, never a crash or a huge allocation")
struct RESPMalformedInputTests {
    @Test("Unknown type bytes, including NUL and RESP3 streamed-type markers", arguments: [
        "?\r\n", "\0", "x", " +OK\r\n", "\r\n", "\n", ";4\r\nabcd\r\n", ".\r\n", "\u{7F}",
    ])
    func unknownType(wire: String) {
        expectDecodeError(.unknownType, wire)
    }

    @Test("Unknown type after a valid value fails only once that value is taken")
    func unknownTypeAfterValue() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "+OK\r\n@")
        #expect(try decoder.decode(&buffer) == .simpleString("OK"))
        #expect(throws: RESPError.self) { try decoder.decode(&buffer) }
    }

    @Test("Lengths larger than the limit are rejected from the header alone", arguments: [
        "$9999999999999\r\n", "!9999999999999\r\n", "=9999999999999\r\n", "$536870913\r\n",
    ])
    func hugeBulkLength(wire: String) {
        expectDecodeError(.lengthTooLarge, wire)
    }

    @Test("Counts larger than the limit are rejected from the header alone", arguments: [
        "*2147483648\r\n", "%2147483648\r\n", "~1048577\r\n", ">9223372036854775807\r\n", "|4611686018427387904\r\n",
    ])
    func hugeAggregateCount(wire: String) {
        expectDecodeError(.tooManyElements, wire)
    }

    @Test("Map and attribute counts cannot overflow when limits are lifted", arguments: [
        "%4611686018427387904\r\n", "|4611686018427387904\r\n", "|9223372036854775807\r\n",
    ])
    func pairCountOverflow(wire: String) {
        expectDecodeError(.tooManyElements, wire, limits: RESPLimits(maxAggregateCount: .max))
    }

    @Test("Negative lengths other than RESP2's -1 nulls", arguments: [
        "$-2\r\n", "*-2\r\n", "$-9223372036854775808\r\n", "%-1\r\n", "~-1\r\n", ">-1\r\n", "|-1\r\n", "!-1\r\n", "=-1\r\n",
    ])
    func negativeLengths(wire: String) {
        expectDecodeError(.badLength, wire)
    }

    @Test("Length headers that are not strict numbers", arguments: [
        "$\r\n", "$+3\r\nabc\r\n", "$ 3\r\nabc\r\n", "$3 \r\nabc\r\n", "$0x3\r\n", "*1.0\r\n", "$-\r\n",
        "$99999999999999999999\r\n", "$?\r\n",
    ])
    func badLengths(wire: String) {
        expectDecodeError(.badLength, wire)
    }

    @Test("Integers must be strict and fit in 64 bits", arguments: [
        ":\r\n", ":-\r\n", ":+1\r\n", ": 1\r\n", ":1 \r\n", ":1.0\r\n", ":1e3\r\n", ":--1\r\n",
        ":9223372036854775808\r\n", ":-9223372036854775809\r\n", ":99999999999999999999999\r\n", ":1\u{0}\r\n",
    ])
    func badIntegers(wire: String) {
        expectDecodeError(.badNumber, wire)
    }

    @Test("Big numbers are digits with an optional leading minus", arguments: [
        "(\r\n", "(-\r\n", "(+1\r\n", "(1.5\r\n", "(12a\r\n", "( 1\r\n",
    ])
    func badBigNumbers(wire: String) {
        expectDecodeError(.badNumber, wire)
    }

    @Test("Doubles follow the RESP3 grammar", arguments: [
        ",\r\n", ",.5\r\n", ",1.\r\n", ",1e\r\n", ",1e+\r\n", ",infinity\r\n", ",NaN\r\n", ",0x1p3\r\n", ", 1\r\n",
        ",1,5\r\n", ",--1\r\n",
    ])
    func badDoubles(wire: String) {
        expectDecodeError(.badDouble, wire)
    }

    @Test("Booleans are only t or f", arguments: ["#\r\n", "#T\r\n", "#true\r\n", "#1\r\n", "#tt\r\n"])
    func badBooleans(wire: String) {
        expectDecodeError(.badBoolean, wire)
    }

    @Test("A RESP3 null carries nothing")
    func badNull() {
        expectDecodeError(.badNull, "_x\r\n")
    }

    @Test("Verbatim strings need a three-character format and a colon", arguments: [
        "=0\r\n\r\n", "=3\r\ntxt\r\n", "=4\r\ntxt;\r\n", "=5\r\ntx:ab\r\n",
    ])
    func badVerbatim(wire: String) {
        expectDecodeError(.badVerbatim, wire)
    }

    @Test("CR without LF, bare LF, and payloads not followed by CRLF", arguments: [
        "+OK\rX\r\n", "+OK\n", ":1\r\r\n", "$3\r\nabcd\r\n", "$3\r\nabc\n\n", "$3\r\nabc\r\r", "$3\nabc\r\n",
        "*1\r\n+a\rb\r\n", "_\n",
    ])
    func missingCRLF(wire: String) {
        expectDecodeError(.missingCRLF, wire)
    }

    @Test("A line without CRLF longer than the limit is rejected, not buffered")
    func lineTooLong() {
        let limits = RESPLimits(maxLineLength: 16)
        expectDecodeError(.lineTooLong, "+" + String(repeating: "a", count: 17), limits: limits)
        expectDecodeError(.lineTooLong, "$" + String(repeating: "1", count: 17), limits: limits)
        expectDecodeError(.lineTooLong, ":" + String(repeating: "1", count: 40) + "\r\n", limits: limits)
        let atLimit = "+" + String(repeating: "a", count: 16) + "\r\n"
        #expect(throws: Never.self) { try decodeStream(Array(atLimit.utf8), chunks: [3], limits: limits) }
    }

    @Test("The default line limit holds for a 64 KiB run of bytes without CRLF")
    func defaultLineLimit() {
        expectDecodeError(.lineTooLong, "-" + String(repeating: "E", count: 64 * 1024 + 1))
    }

    @Test("10,000 levels of *1 stop at the depth limit without recursing")
    func deepNesting() {
        let wire = String(repeating: "*1\r\n", count: 10_000) + ":1\r\n"
        expectDecodeError(.tooDeep, wire)
        expectDecodeError(.tooDeep, String(repeating: "|1\r\n+k\r\n+v\r\n", count: 10_000) + ":1\r\n")
        expectDecodeError(.tooDeep, String(repeating: "%1\r\n", count: 10_000))
    }

    @Test("Nesting exactly at the limit decodes; one more level fails")
    func depthBoundary() throws {
        let limits = RESPLimits(maxDepth: 3)
        let atLimit = Array((String(repeating: "*1\r\n", count: 3) + ":1\r\n").utf8)
        let values = try decodeStream(atLimit, chunks: [1, 1, 1], limits: limits)
        #expect(values == [.array([.array([.array([.integer(1)])])])])
        expectDecodeError(.tooDeep, String(repeating: "*1\r\n", count: 4) + ":1\r\n", limits: limits)
        expectDecodeError(.tooDeep, "*1\r\n*1\r\n*1\r\n*0\r\n", limits: limits)
        expectDecodeError(.tooDeep, "*0\r\n", limits: RESPLimits(maxDepth: 0))
    }

    @Test("Deep nesting can be allowed explicitly and still decodes without recursion")
    func deepNestingAllowed() throws {
        let levels = 2_000
        let wire = Array((String(repeating: "*1\r\n", count: levels) + ":1\r\n").utf8)
        let values = try decodeStream(wire, chunks: [wire.count], limits: RESPLimits(maxDepth: levels))
        var depth = 0
        var current = values.first
        while case .array(let elements)? = current {
            depth += 1
            current = elements.first
        }
        #expect(depth == levels)
        #expect(current == .integer(1))
    }

    @Test("Limits apply exactly at their boundary")
    func limitBoundaries() throws {
        let limits = RESPLimits(maxBulkLength: 3, maxAggregateCount: 2)
        #expect(try decodeStream(Array("$3\r\nabc\r\n".utf8), chunks: [2], limits: limits) == [bulk("abc")])
        expectDecodeError(.lengthTooLarge, "$4\r\nabcd\r\n", limits: limits)
        #expect(try decodeStream(Array("*2\r\n:1\r\n:2\r\n".utf8), chunks: [2], limits: limits).count == 1)
        expectDecodeError(.tooManyElements, "*3\r\n", limits: limits)
        expectDecodeError(.tooManyElements, "%3\r\n", limits: limits)
    }

    @Test("Negative limits are read as zero rather than trapping")
    func negativeLimits() {
        let limits = RESPLimits(maxBulkLength: -1, maxAggregateCount: -1, maxDepth: -1, maxLineLength: -1)
        let zero = RESPLimits(maxBulkLength: 0, maxAggregateCount: 0, maxDepth: 0, maxLineLength: 0)
        #expect(RESPDecoder(limits: limits).limits == zero)
        expectDecodeError(.lineTooLong, "+a", limits: limits)
        expectDecodeError(.tooDeep, "*0\r\n", limits: RESPLimits(maxDepth: -5))
    }

    @Test("A large announced array waits for its elements instead of failing")
    func announcedCountIsNotPreallocated() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "*1048576\r\n:1\r\n:2\r\n")
        #expect(try decoder.decode(&buffer) == nil)
        #expect(buffer.readerIndex == 0)
    }

    @Test("After an error the decoder starts afresh on new bytes")
    func recoversAfterError() throws {
        var decoder = RESPDecoder()
        var bad = ByteBuffer(string: "*2\r\n:1\r\n:x\r\n")
        #expect(throws: RESPError.self) { try decoder.decode(&bad) }
        #expect(bad.readerIndex == 0)
        var good = ByteBuffer(string: ":5\r\n")
        #expect(try decoder.decode(&good) == .integer(5))
    }

    @Test("Errors describe themselves with their code and no raw control bytes")
    func errorDescription() {
        do throws(RESPError) {
            var decoder = RESPDecoder()
            var buffer = ByteBuffer(string: ":1\u{1}2\r\n")
            _ = try decoder.decode(&buffer)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .badNumber)
            #expect(error.description.hasPrefix("RESPError(badNumber): "))
            #expect(!error.message.contains("\u{1}"))
        }
    }
}
