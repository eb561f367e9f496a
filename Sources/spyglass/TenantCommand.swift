import ArgumentParser
import Foundation
import Logging
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline

struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage workspaces (tenants).", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace and print its id and owner API key as one JSON object.")

        @Argument(help: "The workspace's name.")
        var name: String

        @OptionGroup var data: DataDirOption

        func validate() throws {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= 200 else {
                throw ValidationError("the name must be 1 to 200 characters")
            }
        }

        func run() async throws {
            var logger = Logger(label: "spyglass")
            logger.logLevel = .warning
            let backend = try await Backend.open(dataDir: data.resolved, logger: logger)
            let provisioned = try await backend.run {
                try await TenantProvisioning(storage: backend.storage)
                    .createTenant(name: name.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let object = ["tenant_id": provisioned.tenant.id.rawValue, "api_key": provisioned.apiKey]
            let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            Console.line(String(decoding: json, as: UTF8.self))
        }
    }
}

func openDatabase(_ directory: String) async throws -> EmbeddedDatabase {
    var logger = Logger(label: "spyglass.sqlite")
    logger.logLevel = .warning
    do {
        return try await EmbeddedDatabase.open(directory: directory, logger: logger)
    } catch {
        throw CLIError("cannot open the data directory \(directory): \(error)")
    }
}
