import ArgumentParser

@main
struct SpyglassCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spyglass",
        abstract: "Spyglass: watch competitors' public pages and hear about the changes that matter.",
        subcommands: [ServeCommand.self, TenantCommand.self, VersionCommand.self]
    )
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
