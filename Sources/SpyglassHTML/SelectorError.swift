/// A selector that cannot be turned into XPath: says what is wrong and where.
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line naming the problem and its position.
    public var message: String
    /// 0-based offset, in Unicode scalars, of the problem in the selector.
    public var position: Int

    public init(_ problem: String, at position: Int) {
        self.message = "\(problem) at position \(position)"
        self.position = position
    }

    public var description: String { message }
}
