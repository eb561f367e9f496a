import ArgumentParser
import Foundation
import SpyglassPorts

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
    /// The dashboard's address as people reach it (`SPYGLASS_PUBLIC_URL`, else `http://host:port`),
    /// without a trailing slash: what links in e-mails and printed invitations start with.
    static func publicURL(host: String, port: Int) throws -> String {
        let text = string("SPYGLASS_PUBLIC_URL") ?? "http://\(host):\(port)"
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              url.host?.isEmpty == false, url.query == nil, url.fragment == nil
        else { throw CLIError("SPYGLASS_PUBLIC_URL must be an http(s) address such as https://spyglass.example.com") }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    static func string(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    static func int(_ name: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else { throw CLIError("\(name) must be an integer, not \"\(text)\"") }
        return value
    }

    /// How consumers of domain events retry: `SPYGLASS_EVENT_RETRY_DELAYS_MS`, comma-separated
    /// milliseconds before each retry (default 1 s, 10 s, 60 s: four attempts, then the parking lot).
    static func consumerPolicy() throws -> ConsumerPolicy {
        guard let text = string("SPYGLASS_EVENT_RETRY_DELAYS_MS") else {
            return ConsumerPolicy(retryDelays: [.seconds(1), .seconds(10), .seconds(60)])
        }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let delays = parts.compactMap { Int($0) }
        guard delays.count == parts.count, parts.count <= 20, delays.allSatisfy({ (1...86_400_000).contains($0) }) else {
            throw CLIError("SPYGLASS_EVENT_RETRY_DELAYS_MS must be up to 20 comma-separated milliseconds (1 to 86400000)")
        }
        return ConsumerPolicy(retryDelays: delays.map { .milliseconds($0) })
    }
}

/// Writes straight to the file descriptor: `print` is block-buffered when
/// stdout is a pipe, and scripts wait for these lines.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
