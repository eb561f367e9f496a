import SQLMigrationLint

/// A `Backfill` whose identifiers, sizes and update statement have been checked.
struct ValidatedBackfill: Sendable {
    static let maxNameLength = 200
    static let maxBatchSize = 1_000_000

    let name: String
    let table: SQLIdentifier
    let key: SQLIdentifier
    let keyType: Backfill.KeyType
    let batchSize: Int
    let pause: Duration
    /// The update statement without a trailing `;`.
    let update: String

    init(_ backfill: Backfill) throws(BackfillError) {
        guard !backfill.name.isEmpty, backfill.name.count <= Self.maxNameLength else {
            throw BackfillError(.invalidBackfill, "back-fill name must be 1 to \(Self.maxNameLength) characters")
        }
        guard let table = SQLIdentifier(backfill.table, allowingSchema: true) else {
            throw BackfillError(
                .invalidBackfill,
                "back-fill '\(backfill.name)': table must be letters, digits and '_', optionally schema-qualified")
        }
        guard let key = SQLIdentifier(backfill.keyColumn, allowingSchema: false) else {
            throw BackfillError(
                .invalidBackfill, "back-fill '\(backfill.name)': key column must be letters, digits and '_'")
        }
        guard (1...Self.maxBatchSize).contains(backfill.batchSize) else {
            throw BackfillError(
                .invalidBackfill, "back-fill '\(backfill.name)': batch size must be 1 to \(Self.maxBatchSize)")
        }
        guard backfill.pause >= .zero else {
            throw BackfillError(.invalidBackfill, "back-fill '\(backfill.name)': pause must not be negative")
        }
        self.name = backfill.name
        self.table = table
        self.key = key
        self.keyType = backfill.keyType
        self.batchSize = backfill.batchSize
        self.pause = backfill.pause
        self.update = try Self.checkedUpdate(backfill.update, name: backfill.name)
    }

    /// One statement using exactly the parameters `$1` and `$2`, without `RETURNING`
    /// (the runner adds its own to count the rows).
    private static func checkedUpdate(_ update: String, name: String) throws(BackfillError) -> String {
        let statements: [SQLStatement]
        let tokens: [SQLToken]
        do {
            statements = try SQLScript.statements(in: update)
            tokens = try SQLLexer.tokens(in: update)
        } catch {
            throw BackfillError(.invalidBackfill, "back-fill '\(name)': update statement: \(error.message)")
        }
        guard statements.count == 1, let statement = statements.first else {
            throw BackfillError(.invalidBackfill, "back-fill '\(name)': update must be exactly one statement")
        }
        let parameters = Set(tokens.filter { $0.kind == .parameter }.map(\.text))
        guard parameters == ["$1", "$2"] else {
            throw BackfillError(
                .invalidBackfill,
                "back-fill '\(name)': update must use $1 (exclusive lower key) and $2 (inclusive upper key) and no other parameter"
            )
        }
        guard !tokens.contains(where: { $0.isKeyword("returning") }) else {
            throw BackfillError(.invalidBackfill, "back-fill '\(name)': update must not have a RETURNING clause")
        }
        return statement.text
    }
}
