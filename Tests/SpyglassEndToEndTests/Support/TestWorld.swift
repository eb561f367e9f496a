import Foundation
import RedisTestSupport

/// One scenario's world: a temporary directory with the data directory and
/// the logs, the fixture site, the CLI, and the servers it started. `run`
/// tears it all down afterwards, whether the scenario passed or not.
struct TestWorld: Sendable {
    let directory: URL
    let dataDirectory: URL
    let cli: SpyglassCLI
    let fixture: FixtureSite
    /// The PostgreSQL database of a `.postgres` world (nil: the embedded SQLite file).
    let postgres: PostgresE2EDatabase?
    /// The Redis server of a `.postgresRedis` world (password only, AOF on), for tests to
    /// restart or kill.
    let redis: TestRedisServer?
    private let servers: ProcessRegistry

    /// The environment every command of this world runs with.
    var backendEnvironment: [String: String] {
        var environment: [String: String] = [:]
        if let postgres { environment["SPYGLASS_DATABASE_URL"] = postgres.appURL }
        if let redis { environment["SPYGLASS_REDIS_URL"] = redis.url }
        return environment
    }

    static func run(backend: E2EBackend = .sqlite, _ scenario: (TestWorld) async throws -> Void) async throws {
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
        let cli = SpyglassCLI(binary: binary, logDirectory: directory)
        var postgres: PostgresE2EDatabase?
        var redis: TestRedisServer?
        do {
            if backend.usesPostgres {
                postgres = try await PostgresE2EDatabase.create(cli: cli)
            }
            if backend == .postgresRedis {
                redis = try await startRedis()
            }
        } catch {
            await postgres?.drop()
            await fixture.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        let world = TestWorld(
            directory: directory, dataDirectory: dataDirectory, cli: cli, fixture: fixture, postgres: postgres,
            redis: redis, servers: ProcessRegistry())
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
    func serve(visibilitySeconds: Int = 30, extraEnvironment: [String: String] = [:]) async throws -> SpyglassServer {
        let name = "serve-\(await servers.all.count + 1)"
        let server = try await SpyglassServer.start(
            binary: cli.binary, dataDirectory: dataDirectory, logDirectory: directory, name: name,
            visibilitySeconds: visibilitySeconds,
            extraEnvironment: backendEnvironment.merging(extraEnvironment) { _, new in new })
        await servers.add(server.process)
        return server
    }

    func createTenant(_ name: String) async throws -> TenantCredentials {
        try await cli.createTenant(name, dataDirectory: dataDirectory, environment: backendEnvironment)
    }

    func client(_ server: SpyglassServer, _ tenant: TenantCredentials) -> APIClient {
        APIClient(baseURL: server.baseURL, apiKey: tenant.apiKey)
    }

    /// Password only: with the `default` user switched off, Redis 7.0 leaves MULTI/EXEC out
    /// of the AOF (redis/redis#14541), and this server's AOF must survive restarts.
    private static func startRedis() async throws -> TestRedisServer {
        let password = "e2e" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let server = try TestRedisServer(options: .init(password: password, appendOnly: true))
        try await server.start()
        return server
    }

    private func tearDown() async {
        // A request parked on /slow would hold up a graceful shutdown.
        await fixture.state.releaseSlowPage()
        for process in await servers.all {
            await process.stop()
        }
        await fixture.stop()
        try? await redis?.stop()
        await postgres?.drop()
        try? FileManager.default.removeItem(at: directory)
    }
}
