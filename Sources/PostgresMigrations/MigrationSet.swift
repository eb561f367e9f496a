import Foundation

/// The migrations of one directory (or given in memory), sorted by version.
public struct MigrationSet: Sendable, Hashable {
    public let migrations: [Migration]

    /// Sorts `migrations` by version; two with the same version are an error.
    public init(_ migrations: [Migration]) throws(MigrationSetError) {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.version == later.version {
            throw MigrationSetError(
                .duplicateVersion, file: later.fileName,
                "\(earlier.fileName) and \(later.fileName) have the same version \(later.version)")
        }
        self.migrations = sorted
    }

    /// Loads every `*.sql` file of `directory` (not its subdirectories). Other files
    /// and hidden files are ignored, so a README may sit next to the scripts.
    public init(directory: URL) throws(MigrationSetError) {
        let fileNames: [String]
        do {
            fileNames = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationSetError(
                .unreadableDirectory, file: "", "cannot list \(directory.path): \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for fileName in fileNames.sorted() where !fileName.hasPrefix(".") && fileName.lowercased().hasSuffix(".sql") {
            let (version, name) = try MigrationFileName.parse(fileName)
            let url = directory.appendingPathComponent(fileName)
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw MigrationSetError(
                    .unreadableFile, file: fileName, "cannot read \(fileName): \(error.localizedDescription)")
            }
            guard let sql = String(validating: data, as: UTF8.self) else {
                throw MigrationSetError(.notUTF8, file: fileName, "\(fileName) is not valid UTF-8")
            }
            migrations.append(try Migration(version: version, name: name, fileName: fileName, sql: sql))
        }
        try self.init(migrations)
    }

    /// The migration with `version`, if any.
    public func migration(version: Int) -> Migration? {
        migrations.first { $0.version == version }
    }
}
