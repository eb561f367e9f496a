/// One statement of a script, as it would be sent to the server.
public struct SQLStatement: Sendable, Equatable {
    /// The statement text, trimmed, without its terminating `;`. Comments inside it are kept.
    public var text: String
    /// 1-based line where the statement starts.
    public var line: Int

    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}
