import NIOCore
import RESP
import Testing

@Suite("Commands encode byte-exact and never show their arguments")
struct RESPCommandTests {
    @Test("Name and string arguments become an array of bulk strings")
    func variadic() {
        #expect(encoded(RESPCommand("SET", "key", "value")) == "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n")
        #expect(encoded(RESPCommand("PING")) == "*1\r\n$4\r\nPING\r\n")
    }

    @Test("The array-of-strings initialiser matches the variadic one")
    func arrayInitialiser() {
        #expect(RESPCommand("HSET", arguments: ["h", "f", "v"]) == RESPCommand("HSET", "h", "f", "v"))
        #expect(encoded(RESPCommand("GET", arguments: [])) == "*1\r\n$3\r\nGET\r\n")
    }

    @Test("Empty, multi-byte and CRLF-bearing arguments are length-prefixed in bytes")
    func awkwardArguments() {
        #expect(encoded(RESPCommand("SET", "", "é☃")) == "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$5\r\né☃\r\n")
        #expect(encoded(RESPCommand("SET", "k", "a\r\n*1\r\n")) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$7\r\na\r\n*1\r\n\r\n")
    }

    @Test("Binary arguments are written unchanged")
    func binaryArguments() {
        let command = RESPCommand(arguments: [ByteBuffer(string: "SET"), ByteBuffer(bytes: [0, 0xFF, 13])])
        var buffer = ByteBuffer()
        command.encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == Array("*2\r\n$3\r\nSET\r\n$3\r\n".utf8) + [0, 0xFF, 13] + Array("\r\n".utf8))
    }

    @Test("A command decodes as the array of bulk strings a server would read")
    func decodesAsArray() throws {
        var buffer = ByteBuffer()
        RESPCommand("LPUSH", "list", "a", "b").encode(into: &buffer)
        var decoder = RESPDecoder()
        #expect(try decoder.decode(&buffer) == .array([bulk("LPUSH"), bulk("list"), bulk("a"), bulk("b")]))
    }

    @Test("name is the upper-cased first argument; description never includes argument values")
    func nameAndDescription() {
        let auth = RESPCommand("auth", "default", "s3cret-password")
        #expect(auth.name == "AUTH")
        #expect(auth.description == "AUTH (2 arguments)")
        #expect(!auth.description.contains("s3cret"))
        #expect(!"\(auth)".contains("default"))
        #expect(RESPCommand("ping").description == "PING (0 arguments)")
        #expect(RESPCommand("get", "k").description == "GET (1 argument)")
    }

    @Test("A command with no arguments at all encodes as an empty array and has no name")
    func noArguments() {
        let command = RESPCommand(arguments: [])
        #expect(encoded(command) == "*0\r\n")
        #expect(command.name == "")
        #expect(command.description == " (0 arguments)")
    }
}
