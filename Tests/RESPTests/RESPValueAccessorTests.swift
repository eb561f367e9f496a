import NIOCore
import RESP
import Testing

@Suite("Accessors read the shapes callers expect, through attributes")
struct RESPValueAccessorTests {
    private static let attributes = [RESPPair(key: .simpleString("ttl"), value: .integer(1))]

    @Test("string reads simple, bulk and verbatim strings only")
    func string() {
        #expect(RESPValue.simpleString("OK").string == "OK")
        #expect(bulk("héllo").string == "héllo")
        #expect(RESPValue.verbatimString(format: "txt", ByteBuffer(string: "hi")).string == "hi")
        #expect(RESPValue.attributed(Self.attributes, bulk("x")).string == "x")
        #expect(RESPValue.simpleError("ERR").string == nil)
        #expect(RESPValue.integer(1).string == nil)
        #expect(RESPValue.null.string == nil)
        #expect(RESPValue.bulkString(ByteBuffer(bytes: [0xFF])).string == "\u{FFFD}")
    }

    @Test("int reads integers and strings that hold one strictly", arguments: [
        (RESPValue.integer(-3), -3),
        (bulk("42"), 42),
        (RESPValue.simpleString("-9223372036854775808"), .min),
        (bulk("9223372036854775808"), nil),
        (bulk("+1"), nil),
        (bulk(" 1"), nil),
        (bulk(""), nil),
        (RESPValue.double(1), nil),
        (RESPValue.null, nil),
        (RESPValue.attributed(attributes, .integer(5)), 5),
    ] as [(RESPValue, Int64?)])
    func int(value: RESPValue, expected: Int64?) {
        #expect(value.int == expected)
    }

    @Test("array reads arrays, sets and pushes")
    func array() {
        let elements: [RESPValue] = [.integer(1), bulk("a")]
        #expect(RESPValue.array(elements).array == elements)
        #expect(RESPValue.set(elements).array == elements)
        #expect(RESPValue.push(elements).array == elements)
        #expect(RESPValue.attributed(Self.attributes, .array(elements)).array == elements)
        #expect(RESPValue.map([]).array == nil)
        #expect(RESPValue.null.array == nil)
    }

    @Test("isNull is true only for null")
    func isNull() {
        #expect(RESPValue.null.isNull)
        #expect(RESPValue.attributed(Self.attributes, .null).isNull)
        #expect(!RESPValue.array([]).isNull)
        #expect(!bulk("").isNull)
    }

    @Test("errorMessage reads simple and bulk errors only")
    func errorMessage() {
        #expect(RESPValue.simpleError("WRONGTYPE no").errorMessage == "WRONGTYPE no")
        #expect(RESPValue.bulkError(ByteBuffer(string: "SYNTAX bad")).errorMessage == "SYNTAX bad")
        #expect(RESPValue.attributed(Self.attributes, .simpleError("E")).errorMessage == "E")
        #expect(RESPValue.simpleString("OK").errorMessage == nil)
        #expect(bulk("ERR").errorMessage == nil)
    }
}
