extension AddressPolicy {
    /// Parses an allow list such as `SPYGLASS_ALLOW_NETWORKS`: addresses or
    /// CIDR blocks separated by commas and/or white space. Empty text is an
    /// empty list.
    public static func parseAllowList(_ text: String) throws(AllowListError) -> [CIDRBlock] {
        let entries = text.split { $0 == "," || $0.isWhitespace }
        return try entries.map { entry throws(AllowListError) in
            guard let block = CIDRBlock(String(entry)) else {
                throw AllowListError(entry: String(entry))
            }
            return block
        }
    }
}

/// An allow-list entry that is not an address or CIDR block.
public struct AllowListError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let invalidEntry = Code("invalid_entry")
    }

    public var code: Code
    /// The offending entry, as written.
    public var entry: String
    public var message: String

    public init(entry: String) {
        self.code = .invalidEntry
        self.entry = entry
        self.message =
            "'\(AddressPolicy.shown(entry))' is not an IP address or CIDR block (expected e.g. 10.0.0.0/8 or fd00::/8)"
    }

    public var description: String { "\(code): \(message)" }
}
