/// `-- migrate: …` directives in the comment lines that open a script.
struct MigrationDirectives: Equatable {
    var transactional = true
    /// `-- migrate: backfill table=T key=K [key-type=bigint|text] [batch=N] [pause-ms=N]`: the
    /// script is one UPDATE over `$1 < key <= $2`, run in batches by `BackfillRunner`.
    var backfill: BackfillDirective?

    /// Reads the leading run of blank and `--` lines; the first other line ends the header.
    static func parse(_ sql: String, fileName: String) throws(MigrationSetError) -> MigrationDirectives {
        var directives = MigrationDirectives()
        for rawLine in sql.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingASCIIWhitespace()
            if line.isEmpty { continue }
            guard line.hasPrefix("--") else { break }
            let comment = line.dropFirst(2).trimmingASCIIWhitespace()
            guard comment.lowercased().hasPrefix("migrate:") else { continue }
            let value = comment.dropFirst("migrate:".count).trimmingASCIIWhitespace().lowercased()
            switch value {
            case "no-transaction":
                directives.transactional = false
            case _ where value.hasPrefix("backfill "):
                directives.backfill = try BackfillDirective(value.dropFirst("backfill ".count), fileName: fileName)
            default:
                // A typo must not silently run a script the wrong way.
                throw MigrationSetError(
                    .unknownDirective, file: fileName,
                    "\(fileName): unknown directive '-- migrate: \(value)'; they are 'no-transaction' and 'backfill …'")
            }
        }
        return directives
    }
}

extension Substring {
    /// Without leading and trailing spaces, tabs and byte-order marks.
    func trimmingASCIIWhitespace() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
