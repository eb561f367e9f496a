/// The files set against the history table: what is applied, pending, changed or unknown.
struct MigrationComparison: Sendable {
    let statuses: [MigrationStatus]
    /// Pending migrations in version order.
    let pending: [Migration]
    /// The first changed or unknown migration, as the error that refuses a run.
    let problem: MigrationError?

    init(files: MigrationSet, records: [MigrationHistory.Record]) {
        let recordsByVersion = Dictionary(records.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        var statuses: [MigrationStatus] = []
        var pending: [Migration] = []
        var problems: [(version: Int, error: MigrationError)] = []

        for migration in files.migrations {
            guard let record = recordsByVersion[migration.version] else {
                pending.append(migration)
                statuses.append(MigrationStatus(version: migration.version, name: migration.name, state: .pending))
                continue
            }
            var state = MigrationStatus.State.applied
            if record.checksum != migration.checksum {
                state = .changed(recordedChecksum: record.checksum)
                problems.append(
                    (
                        migration.version,
                        MigrationError(
                            .checksumMismatch,
                            "\(migration.fileName) was changed after it was applied (checksum \(record.checksum.prefix(12))… "
                                + "then, \(migration.checksum.prefix(12))… now); add a new migration instead",
                            file: migration.fileName)
                    ))
            }
            statuses.append(
                MigrationStatus(
                    version: migration.version, name: migration.name, state: state,
                    appliedAt: record.appliedAt, duration: record.duration))
        }
        for record in records where files.migration(version: record.version) == nil {
            statuses.append(
                MigrationStatus(
                    version: record.version, name: record.name, state: .unknown,
                    appliedAt: record.appliedAt, duration: record.duration))
            problems.append(
                (
                    record.version,
                    MigrationError(
                        .unknownAppliedVersion,
                        "the database has migration \(record.version) '\(record.name)' applied, but no file defines it "
                            + "(are these the right migrations, or an older build?)",
                        file: MigrationFileName.make(version: record.version, name: record.name))
                ))
        }
        self.statuses = statuses.sorted { $0.version < $1.version }
        self.pending = pending
        self.problem = problems.min { $0.version < $1.version }?.error
    }
}
