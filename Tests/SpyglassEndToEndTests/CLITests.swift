import Foundation
import Testing

/// The command line as a person meets it: help, version, and mistakes that
/// get a clear error instead of a crash.
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

    /// A usage mistake, and the word the error line must quote.
    struct UsageMistake: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var culprit: String
        var testDescription: String { "spyglass " + arguments.joined(separator: " ") }
    }

    /// Usage mistakes: one "error: …" line naming the culprit; exit status 64 (EX_USAGE), never a crash.
    @Test(
        "usage mistakes exit non-zero with the error on stderr's first line",
        arguments: [
            UsageMistake(arguments: ["serve", "--port", "notanumber"], culprit: "notanumber"),
            UsageMistake(arguments: ["frobnicate"], culprit: "frobnicate"),
            UsageMistake(arguments: ["serve", "--no-such-flag"], culprit: "--no-such-flag"),
            UsageMistake(arguments: ["tenant", "create", "   "], culprit: "name"),
            UsageMistake(arguments: ["tenant", "invite", "acme", "pm@acme.example"], culprit: "acme"),
            UsageMistake(
                arguments: ["tenant", "invite", "ten_01a214a2e8e6e05c843d4ef9b09cc9ee", "pm@acme.example", "--role", "god"],
                culprit: "role"),
        ])
    func usageMistakes(_ mistake: UsageMistake) async throws {
        try await TestWorld.run { world in
            let result = try await world.cli.run(mistake.arguments)
            let command = mistake.testDescription
            #expect(result.termination == .exit(64), "\(command): \(result)")
            let lines = result.stderrLines
            #expect(lines.count == 1, "\(command) should print one line on stderr, printed:\n\(result.standardError)")
            let first = lines.first ?? ""
            #expect(first.hasPrefix("error: ") && first.contains(mistake.culprit), "\(command) stderr: \(result.standardError)")
            #expect(result.standardOutput.isEmpty, "\(command) stdout: \(result.standardOutput)")
        }
    }

    /// A configuration mistake, found when the command runs.
    struct ConfigurationMistake: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var environment: [String: String]
        var culprit: String
        var testDescription: String {
            (environment.map { "\($0.key)=\($0.value) " }.sorted().joined()) + "spyglass " + arguments.joined(separator: " ")
        }
    }

    /// Configuration mistakes: exactly one error line on stderr, exit status 1.
    @Test(
        "configuration mistakes exit 1 with one error line on stderr",
        arguments: [
            ConfigurationMistake(arguments: ["serve", "--port", "70000"], environment: [:], culprit: "port"),
            ConfigurationMistake(
                arguments: ["serve", "--port", "0"], environment: ["SPYGLASS_ALLOW_NETWORKS": "bogus"], culprit: "bogus"),
            ConfigurationMistake(
                arguments: ["serve", "--port", "0"], environment: ["SPYGLASS_JOB_VISIBILITY_SECONDS": "0"],
                culprit: "SPYGLASS_JOB_VISIBILITY_SECONDS"),
            ConfigurationMistake(
                arguments: ["serve", "--port", "0"], environment: ["SPYGLASS_POLITENESS_MS": "soon"],
                culprit: "SPYGLASS_POLITENESS_MS"),
            ConfigurationMistake(
                arguments: ["serve", "--port", "0"], environment: ["SPYGLASS_PUBLIC_URL": "javascript:alert(1)"],
                culprit: "SPYGLASS_PUBLIC_URL"),
            ConfigurationMistake(
                arguments: ["serve", "--port", "0"], environment: ["SPYGLASS_PROCESSED_EVENTS_DAYS": "0"],
                culprit: "SPYGLASS_PROCESSED_EVENTS_DAYS"),
        ])
    func configurationMistakes(_ mistake: ConfigurationMistake) async throws {
        try await TestWorld.run { world in
            let result = try await world.cli.run(
                mistake.arguments + ["--host", "127.0.0.1", "--data-dir", world.dataDirectory.path],
                environment: mistake.environment)
            let command = mistake.testDescription
            #expect(result.termination == .exit(1), "\(command): \(result)")
            let lines = result.stderrLines
            #expect(lines.count == 1, "\(command) should print one line on stderr, printed:\n\(result.standardError)")
            #expect(
                lines.first?.hasPrefix("error: ") == true && lines.first?.contains(mistake.culprit) == true,
                "\(command) stderr: \(result.standardError)")
        }
    }
}

extension CLITests {
    @Test("tenant invite prints an invitation link that opens on the dashboard, a new token each time; mistakes exit 1")
    func tenantInvite() async throws {
        try await TestWorld.run { world in
            let data = ["--data-dir", world.dataDirectory.path]
            let tenant = try await world.cli.createTenant("Acme", dataDirectory: world.dataDirectory)
            let environment = ["SPYGLASS_PUBLIC_URL": "https://spyglass.acme.example/"]
            let invited = try await world.cli.run(["tenant", "invite", tenant.tenantID, "PM@Acme.example"] + data,
                                                  environment: environment)
            #expect(invited.termination == .exit(0), "\(invited)")
            let link = invited.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(link.hasPrefix("https://spyglass.acme.example/invite/"), "\(link)")
            #expect(link.count == "https://spyglass.acme.example/invite/".count + 43, "\(link)")
            let again = try await world.cli.run(["tenant", "invite", tenant.tenantID, "pm@acme.example", "--role", "viewer"] + data)
            #expect(again.termination == .exit(0))
            #expect(again.standardOutput.hasPrefix("http://127.0.0.1:8080/invite/"))
            #expect(!again.standardOutput.contains(link), "each invitation has its own token")

            // The link opens the invitation on the dashboard, for that address.
            let server = try await world.serve()
            let path = String(link.dropFirst("https://spyglass.acme.example".count))
            let page = try await world.client(server, tenant).get(path)
            #expect(page.status == 200, "\(page)")
            #expect(page.text.contains("pm@acme.example") && page.text.contains(#"id="invite-accept""#), "\(page)")

            for (arguments, culprit) in [
                (["tenant", "invite", tenant.tenantID, "not-an-address"], "not-an-address"),
                (["tenant", "invite", "ten_01a214a2e8e6e05c843d4ef9b09cc9ee", "pm@acme.example"], "no workspace"),
            ] {
                let refused = try await world.cli.run(arguments + data)
                #expect(refused.termination == .exit(1), "\(arguments): \(refused)")
                #expect(refused.stderrLines.count == 1 && refused.stderrLines.first?.contains(culprit) == true, "\(refused)")
                #expect(refused.standardOutput.isEmpty)
            }
        }
    }
}

extension CommandResult: CustomStringConvertible {
    var description: String { "\(termination)\nstdout: \(standardOutput)\nstderr: \(standardError)" }
}
