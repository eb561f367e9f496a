import Foundation

/// What a finished command left behind.
struct CommandResult: Sendable {
    var termination: Termination
    var standardOutput: String
    var standardError: String

    var stderrLines: [String] {
        standardError.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}

/// The credentials `spyglass tenant create` prints.
struct TenantCredentials: Sendable {
    var tenantID: String
    var apiKey: String
}

/// Runs the binary's one-shot commands.
struct SpyglassCLI: Sendable {
    let binary: URL
    let logDirectory: URL

    /// Runs `spyglass arguments…` to completion (killed after `timeout`).
    func run(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60))
        async throws -> CommandResult
    {
        let name = "cli-\(UUID().uuidString.prefix(8))"
        let child = try ChildProcess(
            executable: binary, arguments: arguments, environment: ChildProcess.environment(environment),
            logDirectory: logDirectory, name: name)
        guard let termination = await child.waitForExit(timeout: timeout) else {
            await child.killNow()
            throw E2EError(.timeout, "spyglass \(arguments.joined(separator: " ")) still ran after \(timeout)")
        }
        return CommandResult(
            termination: termination, standardOutput: child.standardOutput(), standardError: child.standardError())
    }

    /// `spyglass tenant create NAME --data-dir DIR`, parsed.
    func createTenant(_ name: String, dataDirectory: URL, environment: [String: String] = [:]) async throws
        -> TenantCredentials
    {
        let result = try await run(["tenant", "create", name, "--data-dir", dataDirectory.path], environment: environment)
        guard result.termination == .exit(0) else {
            throw E2EError(.processFailed, "tenant create ended with \(result.termination): \(result.standardError)")
        }
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        guard let line = lines.last(where: { $0.hasPrefix("{") }),
              let json = try? JSON.parse(Array(line.utf8)),
              let tenantID = json["tenant_id"]?.string, let apiKey = json["api_key"]?.string else {
            throw E2EError(.unexpectedResponse, "tenant create printed no {\"api_key\",\"tenant_id\"} line: \(result.standardOutput)")
        }
        return TenantCredentials(tenantID: tenantID, apiKey: apiKey)
    }
}
