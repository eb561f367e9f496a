import ArgumentParser
import Foundation

/// Options shared by commands that open the data directory.
struct DataDirOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Where the embedded database lives (env SPYGLASS_DATA_DIR).")
    var dataDir: String?

    var resolved: String {
        dataDir ?? Environment.string("SPYGLASS_DATA_DIR") ?? "./spyglass-data"
    }
}

/// Environment variables, read in one place.
enum Environment {
    static func string(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    static func int(_ name: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else { throw CLIError("\(name) must be an integer, not \"\(text)\"") }
        return value
    }
}

/// Writes straight to the file descriptor: `print` is block-buffered when
/// stdout is a pipe, and scripts wait for these lines.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
