/// A benchmark could not run or gave a result that cannot be reported (wrong job count, a reply
/// of the wrong shape).
struct BenchError: Error, CustomStringConvertible {
    struct Code: Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        static let usage = Code("usage")
        static let unexpectedReply = Code("unexpectedReply")
        static let incomplete = Code("incomplete")

        var description: String { name }
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "BenchError(\(code)): \(message)" }
}
