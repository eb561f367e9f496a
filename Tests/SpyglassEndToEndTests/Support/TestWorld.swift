import Foundation

/// One scenario's world: a temporary directory with the data directory and
/// the logs, the fixture site, the CLI, and the servers it started. `run`
/// tears it all down afterwards, whether the scenario passed or not.
struct TestWorld: Sendable {
    let directory: URL
    let dataDirectory: URL
    let cli: SpyglassCLI
    let fixture: FixtureSite
    private let servers: ProcessRegistry

    static func run(_ scenario: (TestWorld) async throws -> Void) async throws {
        let binary = try SpyglassBinary.locate()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("spyglass-e2e-\(UUID().uuidString.lowercased())")
        let dataDirectory = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let fixture: FixtureSite
        do {
            fixture = try await FixtureSite.start()
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        let world = TestWorld(
            directory: directory, dataDirectory: dataDirectory, cli: SpyglassCLI(binary: binary, logDirectory: directory),
            fixture: fixture, servers: ProcessRegistry())
        do {
            try await scenario(world)
        } catch {
            // The servers' output usually says why; keep it with the failure.
            let logs = await world.servers.all.map { $0.logTail() }.joined(separator: "\n")
            await world.tearDown()
            throw E2EError(.processFailed, "\(error)\n\(logs)")
        }
        await world.tearDown()
    }

    /// Starts `spyglass serve` on this world's data directory.
    func serve(visibilitySeconds: Int = 30) async throws -> SpyglassServer {
        let name = "serve-\(await servers.all.count + 1)"
        let server = try await SpyglassServer.start(
            binary: cli.binary, dataDirectory: dataDirectory, logDirectory: directory, name: name,
            visibilitySeconds: visibilitySeconds)
        await servers.add(server.process)
        return server
    }

    func createTenant(_ name: String) async throws -> TenantCredentials {
        try await cli.createTenant(name, dataDirectory: dataDirectory)
    }

    func client(_ server: SpyglassServer, _ tenant: TenantCredentials) -> APIClient {
        APIClient(baseURL: server.baseURL, apiKey: tenant.apiKey)
    }

    private func tearDown() async {
        // A request parked on /slow would hold up a graceful shutdown.
        await fixture.state.releaseSlowPage()
        for process in await servers.all {
            await process.stop()
        }
        await fixture.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
