import Foundation

/// A typed, opaque identifier such as `mon_018f3c2a9b1e4d7c8a0b1c2d3e4f5a6b`.
///
/// The hex part starts with the creation time in milliseconds, so identifiers of
/// one kind sort by creation: cursor pagination can use them as its key.
public struct Identifier<Entity: IdentifiedEntity>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    /// Accepts only identifiers of this entity's shape; anything else is nil,
    /// so ids from URLs never reach the storage layer unchecked.
    public init?(_ rawValue: String) {
        let prefix = Entity.idPrefix + "_"
        guard rawValue.hasPrefix(prefix), rawValue.count == prefix.count + 32 else { return nil }
        let hex = rawValue.dropFirst(prefix.count)
        guard hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        self.rawValue = rawValue
    }

    /// Trusted construction from storage.
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
    }

    public static func generate(at date: Date = Date()) -> Identifier<Entity> {
        var generator = SystemRandomNumberGenerator()
        return generate(at: date, using: &generator)
    }

    public static func generate(at date: Date, using generator: inout some RandomNumberGenerator) -> Identifier<Entity> {
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let time = String(millis, radix: 16).leftPadded(to: 12)
        let tail = (0..<10).map { _ in
            String(UInt8.random(in: 0...255, using: &generator), radix: 16).leftPadded(to: 2)
        }.joined()
        return Identifier(trusted: "\(Entity.idPrefix)_\(time)\(tail)")
    }

    public var description: String { rawValue }

    public static func < (lhs: Identifier<Entity>, rhs: Identifier<Entity>) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = Identifier(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a \(Entity.idPrefix) id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// An entity with its own identifier prefix.
public protocol IdentifiedEntity {
    static var idPrefix: String { get }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
