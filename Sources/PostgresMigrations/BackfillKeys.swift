import Logging
import PostgresNIO

/// The key-range queries of a back-fill. Keys travel as text (`last_key` is text)
/// and are bound as `bigint` or `text` according to the key type.
struct BackfillKeys {
    let job: ValidatedBackfill
    let connection: PostgresConnection
    let logger: Logger

    private var table: String { job.table.sql }
    private var key: String { job.key.sql }

    /// An exclusive lower bound below every key, or nil when the table is empty.
    func lowerBoundBelowAllKeys() async throws -> String? {
        switch job.keyType {
        case .bigint:
            return try await connection.firstValue(
                PostgresQuery(unsafeSQL: "SELECT (min(\(key))::bigint - 1)::text FROM \(table)"),
                as: String.self, logger: logger)
        case .text:
            // '' sorts before every other string in every collation, so `key > ''` is
            // everything — except a row whose key is '' itself, which is refused.
            let hasEmptyKey = try await connection.firstValue(
                PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(key) = '')"),
                as: Bool.self, logger: logger)
            guard hasEmptyKey != true else {
                throw BackfillError(
                    .unsupportedKey, "back-fill '\(job.name)': \(table).\(key) has a row with the empty string as key")
            }
            return ""
        }
    }

    /// The key that ends the batch after `lower`: the batchSize-th key, or the
    /// largest when fewer remain; nil when no key is above `lower`.
    func upperKey(after lower: String) async throws -> String? {
        var binds = try bindings(lower)
        binds.append(Int64(job.batchSize - 1))
        let nth = try await connection.firstValue(
            PostgresQuery(
                // Qualified, ORDER BY means the column, not the text it is selected as.
                unsafeSQL:
                    "SELECT \(key)::text FROM \(table) WHERE \(key) > $1 ORDER BY \(table).\(key) LIMIT 1 OFFSET $2",
                binds: binds),
            as: String.self, logger: logger)
        if let nth { return nth }
        return try await connection.firstValue(
            PostgresQuery(
                unsafeSQL: "SELECT max(\(key))::text FROM \(table) WHERE \(key) > $1", binds: try bindings(lower)),
            as: String.self, logger: logger)
    }

    /// Runs the update over (lower, upper] and returns how many rows it changed.
    func runUpdate(lower: String, upper: String) async throws -> Int64 {
        let count = try await connection.firstValue(
            PostgresQuery(
                unsafeSQL: "WITH batch AS (\(job.update) RETURNING 1) SELECT count(*) FROM batch",
                binds: try bindings(lower, upper)),
            as: Int64.self, logger: logger)
        return count ?? 0
    }

    private func bindings(_ keys: String...) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: keys.count + 1)
        for value in keys {
            switch job.keyType {
            case .bigint:
                guard let number = Int64(value) else {
                    throw BackfillError(
                        .unsupportedKey, "back-fill '\(job.name)': recorded key '\(value.prefix(40))' is not a bigint")
                }
                binds.append(number)
            case .text:
                binds.append(value)
            }
        }
        return binds
    }
}
