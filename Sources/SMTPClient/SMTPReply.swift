/// One complete server reply, possibly multi-line (`250-first`, `250 last`).
public struct SMTPReply: Sendable, Hashable {
    /// The three-digit reply code, 200...599.
    public var code: Int
    /// The text after the code on each line, without the separator or CRLF.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var text: String { lines.joined(separator: "\n") }
    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
}
