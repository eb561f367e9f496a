/// The settings of a back-fill migration, from its `-- migrate: backfill …` line.
struct BackfillDirective: Equatable {
    var table: String
    var keyColumn: String
    var keyType: Backfill.KeyType = .bigint
    var batchSize = 1_000
    var pauseMilliseconds = 100

    init(_ text: Substring, fileName: String) throws(MigrationSetError) {
        var table: String?
        var key: String?
        for pair in text.split(separator: " ", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw Self.error(fileName, "'\(pair)' is not name=value") }
            switch parts[0] {
            case "table": table = parts[1]
            case "key": key = parts[1]
            case "key-type":
                switch parts[1] {
                case "bigint": keyType = .bigint
                case "text": keyType = .text
                default: throw Self.error(fileName, "key-type must be bigint or text")
                }
            case "batch":
                guard let value = Int(parts[1]), (1...1_000_000).contains(value) else {
                    throw Self.error(fileName, "batch must be between 1 and 1000000")
                }
                batchSize = value
            case "pause-ms":
                guard let value = Int(parts[1]), (0...60_000).contains(value) else {
                    throw Self.error(fileName, "pause-ms must be between 0 and 60000")
                }
                pauseMilliseconds = value
            default:
                throw Self.error(fileName, "unknown setting '\(parts[0])'")
            }
        }
        guard let table, let key else { throw Self.error(fileName, "table= and key= are required") }
        self.table = table
        self.keyColumn = key
    }

    private static func error(_ fileName: String, _ message: String) -> MigrationSetError {
        MigrationSetError(.unknownDirective, file: fileName, "\(fileName): backfill directive: \(message)")
    }
}
