import Foundation
import PostgresNIO
import SpyglassDomain
import SpyglassPorts

/// Typed access to columns; a missing or mistyped column means the schema and
/// the code disagree, reported as `.corrupt`.
extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard contains(name) else { throw StorageError(.corrupt, "column \(name) is missing") }
        do {
            return try self[name].decode(T.self, context: .default)
        } catch {
            throw StorageError(.corrupt, "column \(name) is not a \(T.self)")
        }
    }

    func string(_ name: String) throws -> String { try value(name) }
    func optionalString(_ name: String) throws -> String? { try value(name, as: String?.self) }
    func int(_ name: String) throws -> Int { try value(name) }
    func optionalInt(_ name: String) throws -> Int? { try value(name, as: Int?.self) }
    func bool(_ name: String) throws -> Bool { try value(name) }
    func date(_ name: String) throws -> Date { try value(name) }
    func optionalDate(_ name: String) throws -> Date? { try value(name, as: Date?.self) }
    func optionalDouble(_ name: String) throws -> Double? { try value(name, as: Double?.self) }
    func bytes(_ name: String) throws -> [UInt8] { Array(buffer: try value(name, as: ByteBuffer.self)) }

    func id<E>(_ name: String) throws -> Identifier<E> { Identifier(trusted: try string(name)) }
    func optionalID<E>(_ name: String) throws -> Identifier<E>? { try optionalString(name).map { Identifier(trusted: $0) } }

    func stringArray(_ name: String) throws -> [String] {
        let text = try string(name)
        guard let array = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw StorageError(.corrupt, "column \(name) is not a JSON list")
        }
        return array
    }

    func enumValue<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) throws -> T where T.RawValue == String {
        let text = try string(name)
        guard let value = T(rawValue: text) else { throw StorageError(.corrupt, "column \(name) has unknown value \(text)") }
        return value
    }
}

/// Values as they are stored: lists and rules as JSON text.
enum Stored {
    static func json(_ values: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func json(_ rule: RoutingRule) -> String? {
        (try? JSONEncoder().encode(rule)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension PostgresRowSequence {
    /// Every row, mapped; rows are few per query (pages are bounded).
    func mapAll<T>(_ map: (PostgresRandomAccessRow) throws -> T) async throws -> [T] {
        var result: [T] = []
        for try await row in self {
            result.append(try map(row.makeRandomAccess()))
        }
        return result
    }
}
