import Foundation
import PostgresNIO
import SpyglassDomain

/// Growing a query at run time (filters, keyset pagination) without ever
/// putting a value in the SQL text: the column and the operator are static
/// strings of this module, the value is bound as the next `$n`.
extension PostgresQuery {
    mutating func and<Value: PostgresDynamicTypeEncodable>(
        _ column: StaticString, _ comparison: StaticString, _ value: Value
    ) {
        binds.append(value)
        sql += " AND \(column) \(comparison) $\(binds.count)"
    }

    /// Keyset pagination over time-ordered ids: `AND id > $n` (or `<` newest
    /// first) when the request has a cursor, then the order and `limit + 1`
    /// rows, so that `Page(overfetched:limit:key:)` can tell whether more follow.
    mutating func page(_ page: PageRequest, descending: Bool) {
        if let after = page.after {
            and("id", descending ? "<" : ">", after)
        }
        binds.append(page.limit + 1)
        sql += " ORDER BY id \(descending ? "DESC" : "ASC") LIMIT $\(binds.count)"
    }
}

/// Free text (names, text derived from pages, remote servers' messages) as
/// PostgreSQL can hold it: a text value cannot contain U+0000, which becomes
/// U+FFFD, where the embedded adapter would keep it; any other text is unchanged.
extension PostgresQuery.StringInterpolation {
    mutating func appendInterpolation(text value: String?) {
        appendInterpolation(value.map(Stored.text))
    }
}

extension Stored {
    static func text(_ value: String) -> String {
        value.contains("\u{0}") ? value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : value
    }
}
