import Crypto
import SQLMigrationLint

/// One versioned SQL script.
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let name: String
    /// The file name, e.g. "0003_add_index.sql"; used in every message about this migration.
    public let fileName: String
    public let sql: String
    /// SHA-256 of the script's UTF-8 bytes, lower-case hex.
    public let checksum: String
    /// False when the script's leading comments say `-- migrate: no-transaction`.
    public let transactional: Bool
    /// Set when the script is a batched back-fill (`-- migrate: backfill …`): its one
    /// statement runs over key ranges in short transactions, resumable after a stop.
    public let backfill: Backfill?

    /// A migration from its parts; the script is checked for directives and split
    /// once so that a broken script fails here rather than half-way through a run.
    public init(version: Int, name: String, sql: String) throws(MigrationSetError) {
        let fileName = MigrationFileName.make(version: version, name: name)
        guard version > 0, MigrationFileName.isValidName(name) else {
            throw MigrationSetError(
                .invalidFileName, file: fileName,
                "migration \(version) '\(name)' needs a positive version and a name of letters, digits, '_' and '-'")
        }
        try self.init(version: version, name: name, fileName: fileName, sql: sql)
    }

    init(version: Int, name: String, fileName: String, sql: String) throws(MigrationSetError) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.sql = sql
        self.checksum = SHA256.hash(data: Array(sql.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        let directives = try MigrationDirectives.parse(sql, fileName: fileName)
        let statements = try Self.split(sql, fileName: fileName)
        if let directive = directives.backfill {
            guard statements.count == 1, let update = statements.first else {
                throw MigrationSetError(
                    .unknownDirective, file: fileName, "\(fileName): a back-fill migration holds exactly one statement")
            }
            self.backfill = Backfill(
                name: fileName, table: directive.table, keyColumn: directive.keyColumn, keyType: directive.keyType,
                batchSize: directive.batchSize, pause: .milliseconds(directive.pauseMilliseconds), update: update.text)
            // Batches are transactions of their own.
            self.transactional = false
        } else {
            self.backfill = nil
            self.transactional = directives.transactional
        }
    }

    /// The script's statements, in order.
    func statements() throws(MigrationSetError) -> [SQLStatement] {
        try Self.split(sql, fileName: fileName)
    }

    private static func split(_ sql: String, fileName: String) throws(MigrationSetError) -> [SQLStatement] {
        do {
            return try SQLScript.statements(in: sql)
        } catch {
            throw MigrationSetError(
                .unsplittableScript, file: fileName, "\(fileName) line \(error.line): \(error.message)")
        }
    }
}
