import Foundation
import SpyglassExtract

extension JSONValue {
    /// The value as Foundation objects, for canonical re-encoding.
    var foundationValue: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return value
        case .number(let literal): return Decimal(string: literal).map { NSDecimalNumber(decimal: $0) } ?? NSNull()
        case .string(let text): return text
        case .array(let elements): return elements.map(\.foundationValue)
        case .object(let members):
            var object: [String: Any] = [:]
            for member in members { object[member.key] = member.value.foundationValue }
            return object
        }
    }
}
