import NIOCore
import RESP

/// Readers for the reply shapes the adapters expect, each failing with a typed error.
enum RedisReply {
    /// A hash as `HGETALL` or a script returns it: a RESP3 map, or (RESP2, Lua tables) a flat
    /// array of alternating fields and values. Empty means the key does not exist.
    static func fields(_ value: RESPValue, context: String) throws(RedisAdapterError) -> [String: String] {
        var fields: [String: String] = [:]
        if case .map(let pairs) = value {
            for pair in pairs {
                guard let field = pair.key.string, let text = pair.value.string else {
                    throw RedisAdapterError(.unexpectedReply, "\(context): a hash entry is not text")
                }
                fields[field] = text
            }
            return fields
        }
        guard let elements = value.array, elements.count.isMultiple(of: 2) else {
            throw RedisAdapterError(.unexpectedReply, "\(context): expected a hash, got \(kind(of: value))")
        }
        var index = elements.startIndex
        while index < elements.endIndex {
            guard let field = elements[index].string, let text = elements[index + 1].string else {
                throw RedisAdapterError(.unexpectedReply, "\(context): a hash entry is not text")
            }
            fields[field] = text
            index += 2
        }
        return fields
    }

    static func array(_ value: RESPValue, context: String) throws(RedisAdapterError) -> [RESPValue] {
        guard let elements = value.array else {
            throw RedisAdapterError(.unexpectedReply, "\(context): expected an array, got \(kind(of: value))")
        }
        return elements
    }

    static func integer(_ value: RESPValue, context: String) throws(RedisAdapterError) -> Int64 {
        guard let number = value.int else {
            throw RedisAdapterError(.unexpectedReply, "\(context): expected an integer, got \(kind(of: value))")
        }
        return number
    }

    /// The case name only: replies may hold tenant data, which has no place in an error message.
    static func kind(of value: RESPValue) -> String {
        switch value {
        case .simpleString: "a simple string"
        case .simpleError, .bulkError: "an error"
        case .integer: "an integer"
        case .bulkString: "a bulk string"
        case .null: "null"
        case .double: "a double"
        case .boolean: "a boolean"
        case .bigNumber: "a big number"
        case .verbatimString: "a verbatim string"
        case .array: "an array"
        case .map: "a map"
        case .set: "a set"
        case .push: "a push"
        case .attributed(_, let inner): kind(of: inner)
        }
    }
}
