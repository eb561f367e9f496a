import Foundation
import PostgresMigrations
import Testing

@Suite("Loading migration files")
struct MigrationSetTests {
    @Test func loadsFilesSortedByVersionWithDirectives() throws {
        let directory = try MigrationDirectory([
            "0010_later.sql": "SELECT 1;\n",
            "0002_add_index.sql":
                "-- Build without locking writes.\n-- migrate: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);\n",
            "0001_create.sql": "CREATE TABLE t (a int);\n",
            "README.md": "not a migration",
            ".0003_hidden.sql": "SELECT 1;",
        ])
        let set = try MigrationSet(directory: directory.url)

        #expect(set.migrations.map(\.version) == [1, 2, 10])
        #expect(set.migrations.map(\.name) == ["create", "add_index", "later"])
        #expect(set.migrations.map(\.fileName) == ["0001_create.sql", "0002_add_index.sql", "0010_later.sql"])
        #expect(set.migrations.map(\.transactional) == [true, false, true])
        #expect(set.migration(version: 2)?.sql.contains("CONCURRENTLY") == true)
        #expect(set.migration(version: 3) == nil)
    }

    @Test func checksumIsSHA256OfTheFileBytes() throws {
        let directory = try MigrationDirectory(["0001_one.sql": "SELECT 1;\n"])
        let fromFile = try MigrationSet(directory: directory.url).migrations[0]
        let inMemory = try Migration(version: 1, name: "one", sql: "SELECT 1;\n")
        // printf 'SELECT 1;\n' | sha256sum
        #expect(fromFile.checksum == "b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd")
        #expect(inMemory == fromFile)
        #expect(try Migration(version: 1, name: "one", sql: "SELECT 1; ").checksum != fromFile.checksum)
    }

    @Test(arguments: [
        "1.sql", "abc_name.sql", "0001_.sql", "_name.sql", "0001_bad name.sql", "0001-name.sql", "0000_zero.sql",
        "9999999999999999999_big.sql", "0001_name.SQL", "0001_na;me.sql", "0001_näme.sql", "00x1_name.sql",
        "+1_name.sql", "-1_name.sql",
    ])
    func refusesBadFileNames(fileName: String) async throws {
        let directory = try MigrationDirectory(["0001_ok.sql": "SELECT 1;", fileName: "SELECT 1;"])
        let error = await caught(MigrationSetError.self) { _ = try MigrationSet(directory: directory.url) }
        #expect(error?.code == .invalidFileName)
        #expect(error?.file == fileName)
        #expect(error?.message.contains(fileName) == true)
    }

    @Test func refusesDuplicateVersions() async throws {
        let directory = try MigrationDirectory(["0001_a.sql": "SELECT 1;", "1_b.sql": "SELECT 2;"])
        let error = await caught(MigrationSetError.self) { _ = try MigrationSet(directory: directory.url) }
        #expect(error?.code == .duplicateVersion)
        #expect(error?.message.contains("0001_a.sql") == true)
        #expect(error?.message.contains("1_b.sql") == true)

        let inMemory = await caught(MigrationSetError.self) { _ = try MigrationSet.of([(3, "x", ""), (3, "y", "")]) }
        #expect(inMemory?.code == .duplicateVersion)
    }

    @Test func refusesFilesThatAreNotUTF8() async throws {
        let directory = try MigrationDirectory([:])
        try directory.write("0001_latin1.sql", bytes: Array("SELECT 'caf".utf8) + [0xE9, 0x27, 0x3B])
        let error = await caught(MigrationSetError.self) { _ = try MigrationSet(directory: directory.url) }
        #expect(error?.code == .notUTF8)
        #expect(error?.file == "0001_latin1.sql")
    }

    @Test func refusesAnUnknownDirective() async throws {
        let error = await caught(MigrationSetError.self) {
            _ = try Migration(version: 1, name: "typo", sql: "-- migrate: no-transactions\nSELECT 1;")
        }
        #expect(error?.code == .unknownDirective)
        #expect(error?.message.contains("0001_typo.sql") == true)
    }

    @Test func readsDirectivesOnlyInTheLeadingComments() throws {
        let late = try Migration(version: 1, name: "late", sql: "SELECT 1;\n-- migrate: no-transaction\n")
        #expect(late.transactional)
        let crlf = try Migration(
            version: 2, name: "crlf", sql: "\r\n-- header\r\n--MIGRATE:  No-Transaction \r\nSELECT 1;\r\n")
        #expect(!crlf.transactional)
        let ordinaryComment = try Migration(version: 3, name: "plain", sql: "-- migrate things carefully\nSELECT 1;")
        #expect(ordinaryComment.transactional)
    }

    @Test func refusesScriptsThatCannotBeSplit() async throws {
        let error = await caught(MigrationSetError.self) {
            _ = try Migration(version: 4, name: "broken", sql: "SELECT 1;\nSELECT 'unterminated;\n")
        }
        #expect(error?.code == .unsplittableScript)
        #expect(error?.message.contains("0004_broken.sql line 2") == true)
    }

    @Test func refusesInvalidInMemoryMigrations() async throws {
        for (version, name) in [(0, "zero"), (-1, "negative"), (1, ""), (1, "a b"), (1, "../etc")] {
            let error = await caught(MigrationSetError.self) {
                _ = try Migration(version: version, name: name, sql: "")
            }
            #expect(error?.code == .invalidFileName, "\(version) \(name)")
        }
    }

    @Test func reportsAMissingDirectory() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)")
        let error = await caught(MigrationSetError.self) { _ = try MigrationSet(directory: missing) }
        #expect(error?.code == .unreadableDirectory)
    }

    @Test func emptyDirectoryIsAnEmptySet() throws {
        let directory = try MigrationDirectory([:])
        #expect(try MigrationSet(directory: directory.url).migrations.isEmpty)
    }
}
