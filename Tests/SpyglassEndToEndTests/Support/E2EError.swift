/// Why an end-to-end step could not go on: the binary is missing, a process
/// misbehaved, a wait ran out, or an answer had the wrong shape.
struct E2EError: Error, CustomStringConvertible {
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        var description: String { name }

        static let binaryNotFound = Code("binary_not_found")
        static let processFailed = Code("process_failed")
        static let timeout = Code("timeout")
        static let unexpectedResponse = Code("unexpected_response")
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "\(code): \(message)" }
}
