import Foundation
import SQLMigrationLint

/// One violation in squawk's `--reporter json` output (lines and columns 0-based).
struct SquawkViolation: Decodable, Sendable {
    var file: String
    var line: Int
    var column: Int
    var lineEnd: Int?
    var columnEnd: Int?
    var ruleName: String

    enum CodingKeys: String, CodingKey {
        case file, line, column
        case lineEnd = "line_end"
        case columnEnd = "column_end"
        case ruleName = "rule_name"
    }
}

/// Runs the `squawk` executable (pip install squawk-cli) with Foundation's `Process`.
enum SquawkRunner {
    static var executable: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("squawk") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The comparison runs when squawk is installed, and must run (and fail without it) on CI.
    static var shouldRun: Bool { executable != nil || isRequired }

    static func version(_ squawk: URL) throws -> String {
        String(decoding: try run(squawk, arguments: ["--version"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// squawk's violations for `files`, grouped by file name.
    static func violations(_ squawk: URL, run: SquawkRun, files: [URL]) throws -> [String: [SquawkViolation]] {
        let output = try self.run(squawk, arguments: run.arguments + files.map(\.path))
        let violations = try JSONDecoder().decode([SquawkViolation].self, from: output)
        return Dictionary(grouping: violations) { URL(fileURLWithPath: $0.file).lastPathComponent }
    }

    /// Runs squawk in an empty directory, so that no `.squawk.toml` changes its rules.
    private static func run(_ squawk: URL, arguments: [String]) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("squawk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = squawk
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // squawk exits 1 when it found violations.
        guard process.terminationStatus == 0 || process.terminationStatus == 1 else {
            throw CorpusError(message: "squawk \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return data
    }

    /// True when the violation points at a UNIQUE, PRIMARY KEY or EXCLUDE constraint.
    static func pointsAtUniqueOrPrimaryKey(_ violation: SquawkViolation, in script: String) -> Bool {
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
        guard violation.line >= 0, violation.line < lines.count else { return false }
        let last = min(max(violation.lineEnd ?? violation.line, violation.line), lines.count - 1)
        let first = lines[violation.line].utf8.dropFirst(max(0, violation.column))
        let snippet = ([String(decoding: first, as: UTF8.self)] + lines[(violation.line + 1)..<(last + 1)].map(String.init))
            .joined(separator: "\n")
        let kinds: Set<String> = ["check", "foreign", "references", "unique", "primary", "exclude"]
        guard let tokens = try? SQLLexer.tokens(in: snippet),
            let kind = tokens.first(where: { $0.kind == .word && kinds.contains($0.value) })
        else { return false }
        return ["unique", "primary", "exclude"].contains(kind.value)
    }
}
