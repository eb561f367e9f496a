import ArgumentParser
import Foundation
import Logging
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
import SpyglassWeb

struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage workspaces (tenants).", subcommands: [Create.self, Invite.self])

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

extension TenantCommand {
    /// A workspace made with `tenant create` has an API key but no one to sign in: this invites its first person.
    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Invite someone to a workspace's dashboard and print the invitation link (valid 7 days).")

        @Argument(help: "The workspace's id (ten_…).")
        var tenant: String

        @Argument(help: "The person's e-mail address.")
        var email: String

        @Option(help: "owner, admin, member or viewer.")
        var role: String = "owner"

        @OptionGroup var data: DataDirOption

        func validate() throws {
            guard Tenant.ID(tenant) != nil else { throw ValidationError("\(tenant) is not a workspace id (ten_…)") }
            guard WorkspaceRole(rawValue: role) != nil else {
                throw ValidationError("the role must be owner, admin, member or viewer")
            }
        }

        func run() async throws {
            guard let tenantID = Tenant.ID(tenant), let role = WorkspaceRole(rawValue: role) else { return }
            var logger = Logger(label: "spyglass")
            logger.logLevel = .warning
            let backend = try await Backend.open(dataDir: data.resolved, logger: logger)
            let path = try await backend.run {
                guard try await backend.storage.scoped(to: tenantID).workspace() != nil else {
                    throw CLIError("no workspace \(tenantID.rawValue)")
                }
                do {
                    return try await WorkspaceInvitations.create(
                        in: backend.storage, tenant: tenantID, email: email, role: role, now: Date()).path
                } catch let refusal as WorkspaceInvitations.Refusal {
                    throw CLIError(refusal.description)
                }
            }
            let base = try Environment.publicURL(
                host: Environment.string("SPYGLASS_HOST") ?? "127.0.0.1", port: try Environment.int("SPYGLASS_PORT") ?? 8080)
            Console.line(base + path)
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
