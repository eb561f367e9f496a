import NIOCore

/// A command as a client sends it: an array of bulk strings, the first naming the command.
public struct RESPCommand: Sendable, Hashable, CustomStringConvertible {
    public var arguments: [ByteBuffer]

    /// `RESPCommand("SET", "key", "value")`
    public init(_ name: String, _ arguments: String...) {
        self.init(name, arguments: arguments)
    }

    public init(_ name: String, arguments: [String]) {
        self.init(arguments: ([name] + arguments).map { ByteBuffer(string: $0) })
    }

    /// Binary arguments, name included.
    public init(arguments: [ByteBuffer]) {
        self.arguments = arguments
    }

    /// `*N\r\n` then `$len\r\narg\r\n` for each argument.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeRESPLine(type: "*", String(arguments.count))
        for argument in arguments {
            buffer.writeRESPBulk(type: "$", argument)
        }
    }

    /// The upper-cased command name, for logs ("" when there are no arguments).
    public var name: String {
        arguments.first.map { String(buffer: $0).uppercased() } ?? ""
    }

    /// The name and how many arguments follow it; never their values, which may be secrets.
    public var description: String {
        let count = max(0, arguments.count - 1)
        return "\(name) (\(count) argument\(count == 1 ? "" : "s"))"
    }
}
