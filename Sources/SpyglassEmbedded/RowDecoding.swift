import Foundation
import NIOCore
import SQLiteNIO
import SpyglassDomain
import SpyglassPorts

/// Typed access to columns; a missing or mistyped column means the file is
/// damaged or was written by something else, reported as `.corrupt`.
extension SQLiteRow {
    func string(_ name: String) throws -> String {
        guard let value = column(name)?.string else { throw StorageError(.corrupt, "column \(name) is not text") }
        return value
    }

    func optionalString(_ name: String) -> String? {
        guard let data = column(name), !data.isNull else { return nil }
        return data.string
    }

    func int(_ name: String) throws -> Int {
        guard let value = column(name)?.integer else { throw StorageError(.corrupt, "column \(name) is not an integer") }
        return value
    }

    func optionalInt(_ name: String) -> Int? {
        guard let data = column(name), !data.isNull else { return nil }
        return data.integer
    }

    func bool(_ name: String) throws -> Bool { try int(name) != 0 }

    func date(_ name: String) throws -> Date {
        guard let value = column(name)?.double else { throw StorageError(.corrupt, "column \(name) is not a time") }
        return Date(timeIntervalSince1970: value)
    }

    func optionalDate(_ name: String) -> Date? {
        guard let data = column(name), !data.isNull, let value = data.double else { return nil }
        return Date(timeIntervalSince1970: value)
    }

    func id<E>(_ name: String) throws -> Identifier<E> { Identifier(trusted: try string(name)) }

    func optionalID<E>(_ name: String) -> Identifier<E>? { optionalString(name).map { Identifier(trusted: $0) } }

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

/// Binding helpers.
extension SQLiteData {
    static func date(_ date: Date) -> SQLiteData { .float(date.timeIntervalSince1970) }
    static func optionalDate(_ date: Date?) -> SQLiteData { date.map { .float($0.timeIntervalSince1970) } ?? .null }
    static func optionalText(_ text: String?) -> SQLiteData { text.map { .text($0) } ?? .null }
    static func optionalInteger(_ value: Int?) -> SQLiteData { value.map { .integer($0) } ?? .null }
    static func bool(_ value: Bool) -> SQLiteData { .integer(value ? 1 : 0) }
    static func jsonArray(_ values: [String]) -> SQLiteData {
        let data = (try? JSONEncoder().encode(values)) ?? Data("[]".utf8)
        return .text(String(decoding: data, as: UTF8.self))
    }
    static func id<E>(_ id: Identifier<E>) -> SQLiteData { .text(id.rawValue) }
    static func routing(_ rule: RoutingRule) -> SQLiteData {
        (try? JSONEncoder().encode(rule)).map { .text(String(decoding: $0, as: UTF8.self)) } ?? .null
    }
    static func optionalID<E>(_ id: Identifier<E>?) -> SQLiteData { id.map { .text($0.rawValue) } ?? .null }
}

/// Keyset pagination over time-ordered ids.
enum Keyset {
    /// `AND <column> > ?` (or `<` for newest-first lists) when the request has a cursor.
    static func clause(_ page: PageRequest, column: String = "id", descending: Bool) -> (String, [SQLiteData]) {
        guard let after = page.after else { return ("", []) }
        return (" AND \(column) \(descending ? "<" : ">") ?", [.text(after)])
    }
}
