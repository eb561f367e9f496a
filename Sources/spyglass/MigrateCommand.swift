import ArgumentParser
import Foundation
import Logging
import PostgresMigrations
import PostgresNIO
import SQLMigrationLint
import SpyglassPostgres

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply, inspect and check the PostgreSQL schema migrations.",
        subcommands: [Up.self, Status.self, Plan.self, Lint.self])

    /// Where to migrate: the owner role's URL (printed by `spyglass db bootstrap`).
    struct Target: ParsableArguments {
        @Option(help: "The owner role's URL (env SPYGLASS_MIGRATE_URL).")
        var databaseURL: String?

        @Option(help: "A folder of NNNN_name.sql files instead of the migrations built into spyglass.")
        var directory: String?

        @Option(help: "How long one statement may wait for a lock before the migration is retried (ms).")
        var lockTimeoutMs: Int = 2_000

        func withRunner<T: Sendable>(_ body: (MigrationRunner) async throws -> T) async throws -> T {
            guard let text = databaseURL ?? Environment.string("SPYGLASS_MIGRATE_URL") else {
                throw CLIError("give the owner role's URL with --database-url or SPYGLASS_MIGRATE_URL")
            }
            let url: PostgresURL
            do {
                url = try PostgresURL(text)
            } catch {
                throw CLIError("--database-url: \(error)")
            }
            guard (1...600_000).contains(lockTimeoutMs) else {
                throw CLIError("--lock-timeout-ms must be between 1 and 600000")
            }
            var logger = Logger(label: "spyglass.migrate")
            logger.logLevel = .error
            return try await PostgresClient.withRunning(url, logger: logger) { client in
                let runner: MigrationRunner
                do {
                    runner = try SchemaMigrations.runner(
                        client: client, logger: logger, directory: directory.map { URL(fileURLWithPath: $0) },
                        settings: SchemaMigrations.settings(lockTimeout: .milliseconds(lockTimeoutMs)))
                } catch {
                    throw CLIError("\(error)")
                }
                do {
                    return try await body(runner)
                } catch let error as MigrationError {
                    throw CLIError("\(error.message)")
                } catch let error as CancellationError {
                    throw error
                } catch {
                    throw CLIError("\(url.description): \(describePostgresError(error))")
                }
            }
        }
    }

    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply the pending migrations, one migrator at a time.")

        @OptionGroup var target: Target

        @Option(help: "Stop after this version.")
        var to: Int?

        func run() async throws {
            let applied = try await target.withRunner { runner in
                try await runner.up(to: to) { event in Console.line(Self.describe(event)) }
            }
            Console.line("applied \(applied.count) migration\(applied.count == 1 ? "" : "s")")
        }

        static func describe(_ event: MigrationEvent) -> String {
            switch event {
            case .waitingForMigratorLock: "waiting for another migrator to finish"
            case .acquiredMigratorLock: "holding the migrator lock"
            case .upToDate: "the schema is up to date"
            case .started(let migration, let attempt):
                "applying \(migration.fileName)" + (attempt > 1 ? " (attempt \(attempt))" : "")
            case .retryingAfterLockTimeout(let migration, let line, let statement, let retry, let delay):
                "\(migration.fileName) line \(line): lock timeout on '\(statement)'; retry \(retry) in \(delay)"
            case .rebuildingInvalidIndex(let migration, let index):
                "\(migration.fileName): rebuilding the invalid index \(index) left by an earlier run"
            case .backfillProgress(let migration, let progress):
                "\(migration.fileName): \(progress.rowsDone) rows in \(progress.batches) batches"
                    + String(format: " (%.0f rows/s)", progress.rowsPerSecond)
            case .applied(let migration, let duration):
                "applied \(migration.fileName) in \(duration)"
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every migration and whether it is applied.")

        @OptionGroup var target: Target

        func run() async throws {
            let statuses = try await target.withRunner { runner in try await runner.status() }
            for status in statuses {
                let state = switch status.state {
                case .applied: "applied " + (status.appliedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "")
                case .pending: "pending"
                case .changed: "CHANGED after it was applied"
                case .unknown: "applied, but unknown to these files"
                }
                Console.line(String(format: "%04d %@ %@", status.version, status.name, state))
            }
        }
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print what `up` would apply, in order.")

        @OptionGroup var target: Target

        func run() async throws {
            let pending = try await target.withRunner { runner in try await runner.plan() }
            if pending.isEmpty { Console.line("nothing to apply") }
            for migration in pending {
                let how = migration.backfill != nil ? "back-fill in batches"
                    : migration.transactional ? "in one transaction" : "without a transaction"
                Console.line("\(migration.fileName) (\(how))")
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refuse unsafe DDL (locks, rewrites, drops of what code still uses), with the safe alternative.")

        @Option(help: "A source folder: names it mentions count as still in use (drops and renames of them are refused).")
        var code: [String] = []

        @Argument(help: "Migration files to check.")
        var files: [String]

        func run() throws {
            let inUse = try CodeNames.scan(code)
            // The migration runner sets lock_timeout for every migration itself.
            let linter = MigrationLinter(columnsInUse: inUse, tablesInUse: inUse, runnerSetsLockTimeout: true)
            var findings = 0
            for file in files {
                let script: String
                do {
                    script = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw CLIError("cannot read \(file): \(error.localizedDescription)")
                }
                for finding in linter.lint(script: script, fileName: file) {
                    findings += 1
                    Console.line("\(file):\(finding.line): \(finding.rule.rawValue): \(finding.reason)")
                    Console.line("    safe alternative: \(finding.safeAlternative)")
                }
            }
            guard findings == 0 else {
                throw CLIError("\(findings) unsafe statement\(findings == 1 ? "" : "s") in \(files.count) file(s)")
            }
            Console.line("\(files.count) file(s) checked: no unsafe DDL")
        }
    }
}

/// The identifiers a code base mentions, lower-cased: a column or table named
/// anywhere in it is taken to be still in use.
enum CodeNames {
    static func scan(_ folders: [String]) throws -> Set<String> {
        var names: Set<String> = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(atPath: folder) else {
                throw CLIError("cannot read the code folder \(folder)")
            }
            for case let path as String in walker where path.hasSuffix(".swift") {
                let text = (try? String(contentsOfFile: folder + "/" + path, encoding: .utf8)) ?? ""
                var current = ""
                for character in text.unicodeScalars {
                    if character == "_" || CharacterSet.alphanumerics.contains(character) {
                        current.unicodeScalars.append(character)
                    } else if !current.isEmpty {
                        names.insert(current.lowercased())
                        current = ""
                    }
                }
                if !current.isEmpty { names.insert(current.lowercased()) }
            }
        }
        return names
    }
}
