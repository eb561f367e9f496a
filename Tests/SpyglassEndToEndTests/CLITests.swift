import Foundation
import Testing

/// The command line as a person meets it: help, version, and mistakes that
/// get one clear line instead of a crash.
@Suite("End to end: command line")
struct CLITests {
    @Test("help and version exit 0 and say what they should")
    func helpAndVersion() async throws {
        try await TestWorld.run { world in
            let help = try await world.cli.run(["--help"])
            #expect(help.termination == .exit(0), "--help: \(help)")
            for subcommand in ["serve", "tenant", "version"] {
                #expect(help.standardOutput.contains(subcommand), "--help should list \(subcommand): \(help.standardOutput)")
            }

            let serveHelp = try await world.cli.run(["serve", "--help"])
            #expect(serveHelp.termination == .exit(0), "serve --help: \(serveHelp)")
            for option in ["--port", "--host", "--data-dir"] {
                #expect(serveHelp.standardOutput.contains(option), "serve --help should list \(option): \(serveHelp.standardOutput)")
            }

            let version = try await world.cli.run(["version"])
            #expect(version.termination == .exit(0), "version: \(version)")
            let line = version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(line.hasPrefix("spyglass "), "version printed: \(line)")
            #expect(line.split(separator: "\n").count == 1, "version printed: \(line)")
        }
    }

    @Test(
        "mistakes exit non-zero with a one-line error on stderr",
        arguments: [
            ["serve", "--port", "notanumber"],
            ["frobnicate"],
            ["serve", "--no-such-flag"],
            ["tenant", "create", "   "],
        ])
    func mistakesGetOneLineErrors(_ arguments: [String]) async throws {
        try await TestWorld.run { world in
            let result = try await world.cli.run(arguments + ["--data-dir", world.dataDirectory.path])
            let command = "spyglass \(arguments.joined(separator: " "))"
            guard case .exit(let status) = result.termination else {
                Issue.record("\(command) crashed: \(result.termination)\n\(result.standardError)")
                return
            }
            #expect(status != 0, "\(command) exited 0")
            let lines = result.stderrLines
            #expect(lines.count == 1, "\(command) should print one line on stderr, printed:\n\(result.standardError)")
            #expect(lines.first?.lowercased().contains("error") == true, "\(command) stderr: \(result.standardError)")
            for crashSign in ["Fatal error", "Stack dump", "Backtrace", "Illegal instruction"] {
                #expect(!result.standardError.contains(crashSign), "\(command) stderr: \(result.standardError)")
            }
        }
    }
}

extension CommandResult: CustomStringConvertible {
    var description: String { "\(termination)\nstdout: \(standardOutput)\nstderr: \(standardError)" }
}
