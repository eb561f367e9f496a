import ArgumentParser
import Foundation

@main
struct SpyglassCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spyglass",
        abstract: "Spyglass: watch competitors' public pages and hear about the changes that matter.",
        subcommands: [
            ServeCommand.self, TenantCommand.self, DatabaseCommand.self, MigrateCommand.self, DiffCommand.self,
            ExtractCommand.self, EventsCommand.self, VersionCommand.self,
        ]
    )

    /// Errors are one line on stderr with a non-zero exit code; `--help` and
    /// other clean exits keep ArgumentParser's own output.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("error: \(message) (see spyglass --help)\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")
    static let version = "0.1.0"

    func run() {
        print("spyglass \(Self.version)")
    }
}

/// A failure the user can act on: printed as one line, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
