/// A parsed JSON value. Numbers keep their literal text, so "49.90" is never
/// rounded through a binary floating-point value.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order; duplicate keys are kept (lookups take the last).
    case object([JSONMember])

    /// Parses a complete JSON text within the limits.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(ExtractError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, limits: limits)
        return try parser.parseDocument()
    }

    /// The member named `key` of an object (the last one when repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// A string, or a number's literal text.
    public var scalarText: String? {
        switch self {
        case .string(let text): return text
        case .number(let literal): return literal
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var members: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// Bounds for parsing JSON from untrusted sources.
public struct JSONLimits: Sendable, Equatable {
    public var maxBytes: Int
    /// Arrays and objects nested deeper are refused.
    public var maxDepth: Int
    /// Values (of any kind) beyond this count are refused.
    public var maxValues: Int

    public init(maxBytes: Int = 10 * 1024 * 1024, maxDepth: Int = 64, maxValues: Int = 1_000_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxValues = maxValues
    }

    public static let `default` = JSONLimits()
}
