import Foundation
import Testing

/// Zero-downtime migrations, measured from the outside: a client keeps using the
/// API while `spyglass migrate up` changes the schema under it.
@Suite("End to end: migrations under load", .enabled(if: E2EBackend.postgresConfigured), .serialized)
struct MigrationUnderLoadTests {
    /// Migrations on top of the project's own, as a later release would ship them.
    static let loadMigrations: [(String, String)] = [
        ("9001_check_runs_attempt_and_duration.sql", """
            -- A new column with a constant default (no rewrite since PostgreSQL 11) and one to back-fill.
            ALTER TABLE check_runs ADD COLUMN attempt integer NOT NULL DEFAULT 1;
            ALTER TABLE check_runs ADD COLUMN duration_ms integer;
            """),
        ("9002_check_runs_outcome_index.sql", """
            -- migrate: no-transaction
            CREATE INDEX CONCURRENTLY IF NOT EXISTS check_runs_outcome ON check_runs (tenant_id, outcome, id);
            """),
        ("9003_check_runs_job_fk.sql", """
            ALTER TABLE check_runs ADD CONSTRAINT check_runs_job_fk FOREIGN KEY (tenant_id, job_id)
                REFERENCES jobs (tenant_id, id) ON DELETE SET NULL (job_id) NOT VALID;
            """),
        ("9004_check_runs_job_fk_validate.sql", """
            ALTER TABLE check_runs VALIDATE CONSTRAINT check_runs_job_fk;
            """),
        ("9005_check_runs_duration_backfill.sql", """
            -- migrate: backfill table=check_runs key=id key-type=text batch=10000 pause-ms=5
            UPDATE check_runs SET duration_ms = (extract(epoch FROM finished_at - started_at) * 1000)::integer
            WHERE id > $1 AND id <= $2 AND duration_ms IS NULL
            """),
    ]

    static let rows = 1_000_000

    @Test("new column, concurrent index, NOT VALID foreign key then VALIDATE, and a 1,000,000-row back-fill: no request fails")
    func migrationsUnderSteadyTraffic() async throws {
        try await TestWorld.run(backend: .postgres) { world in
            let database = try #require(world.postgres)
            let tenant = try await world.createTenant("Busy")
            let server = try await world.serve()
            let api = world.client(server, tenant)
            await world.fixture.state.setPricingHTML("<html><body><p>Pro $49/mo</p></body></html>")
            let competitor = try await api.createCompetitor(name: "Rival", website: world.fixture.baseURL)
            let monitor = try await api.createMonitor(competitorID: competitor, url: "\(world.fixture.baseURL)/pricing")
            _ = try await api.waitForChecks(monitorID: monitor, count: 1)

            // A million past checks of this monitor, written straight into the table.
            try await PSQL.run("""
                INSERT INTO spyglass.check_runs (id, tenant_id, monitor_id, outcome, started_at, finished_at)
                SELECT 'chk_seed' || lpad(n::text, 8, '0'), '\(tenant.tenantID)', '\(monitor)', 'unchanged',
                       now() - make_interval(secs => n), now() - make_interval(secs => n) + interval '250 milliseconds'
                FROM generate_series(1, \(Self.rows)) AS n
                """, url: database.adminDatabaseURL)
            // What autovacuum would do after a bulk load: without statistics the planner takes the
            // table for empty and reads a million rows to list twenty.
            try await PSQL.run("ANALYZE spyglass.check_runs", url: database.adminDatabaseURL)

            let directory = try Self.migrationDirectory(in: world.directory)
            let traffic = TrafficRecorder()
            let load = Task {
                await traffic.drive(api: api, competitor: competitor, monitor: monitor, workers: 4)
            }
            // Some traffic before, the migration, some traffic after.
            try await Task.sleep(for: .seconds(1))
            let started = ContinuousClock.now
            let migrate = try await world.cli.run(
                ["migrate", "up", "--directory", directory.path], environment: ["SPYGLASS_MIGRATE_URL": database.ownerURL],
                timeout: .seconds(900))
            let migrationTime = ContinuousClock.now - started
            try await Task.sleep(for: .seconds(1))
            load.cancel()
            let report = await load.value

            #expect(migrate.termination == .exit(0), "migrate up: \(migrate.standardError)\n\(migrate.standardOutput)")
            let backfilled = try await PSQL.run(
                "SELECT count(*) FROM spyglass.check_runs WHERE duration_ms IS NULL", url: database.adminDatabaseURL)
            #expect(backfilled == "0", "rows left without duration_ms: \(backfilled)")
            let valid = try await PSQL.run("""
                SELECT (SELECT convalidated FROM pg_constraint WHERE conname = 'check_runs_job_fk')::text || ' ' ||
                       (SELECT indisvalid FROM pg_index WHERE indexrelid = 'spyglass.check_runs_outcome'::regclass)::text
                """, url: database.adminDatabaseURL)
            #expect(valid == "true true", "constraint validated, index valid: \(valid)")

            let line = "migrations under load: \(report.requests) requests during \(migrationTime) of migration "
                + "(\(Self.rows) rows back-filled), \(report.failures.count) failed, "
                + "p50 \(report.percentile(50)) ms, p99 \(report.percentile(99)) ms, max \(report.percentile(100)) ms "
                + "(\(report.slowest.0))"
            print(line)
            print(migrate.standardOutput.split(separator: "\n").filter { !$0.contains(" rows in ") }.joined(separator: "\n"))
            try? line.write(toFile: "/tmp/spyglass-migration-load.txt", atomically: true, encoding: .utf8)
            #expect(report.requests > 100, "too little traffic to mean anything: \(line)")
            #expect(report.failures.isEmpty, "failed requests: \(report.failures.prefix(5))")
        }
    }

    @Test("a migration behind a long transaction gives up after lock_timeout and retries; requests never wait behind it for long")
    func lockTimeoutProtectsTraffic() async throws {
        try await TestWorld.run(backend: .postgres) { world in
            let database = try #require(world.postgres)
            let tenant = try await world.createTenant("Locked")
            let server = try await world.serve()
            let api = world.client(server, tenant)
            let competitor = try await api.createCompetitor(name: "Rival", website: world.fixture.baseURL)
            let directory = try Self.migrationDirectory(in: world.directory, extra: [
                ("9101_competitors_segment.sql", "ALTER TABLE competitors ADD COLUMN segment text;"),
            ])

            // A report someone left running: a transaction that read competitors and holds on for 8 s.
            let holder = Task {
                try await PSQL.run(
                    "BEGIN; SELECT count(*) FROM spyglass.competitors; SELECT pg_sleep(8); COMMIT;",
                    url: database.adminDatabaseURL)
            }
            try await Task.sleep(for: .milliseconds(500))
            let traffic = TrafficRecorder()
            let load = Task {
                await traffic.drive(api: api, competitor: competitor, monitor: nil, workers: 2)
            }
            let migrate = try await world.cli.run(
                ["migrate", "up", "--directory", directory.path, "--lock-timeout-ms", "500"],
                environment: ["SPYGLASS_MIGRATE_URL": database.ownerURL], timeout: .seconds(120))
            _ = try await holder.value
            try await Task.sleep(for: .milliseconds(500))
            load.cancel()
            let report = await load.value

            #expect(migrate.termination == .exit(0), "migrate up: \(migrate.standardError)")
            let retries = migrate.standardOutput.components(separatedBy: "lock timeout").count - 1
            #expect(retries >= 1, "the migration never hit its lock timeout: \(migrate.standardOutput)")
            let column = try await PSQL.run("""
                SELECT count(*) FROM information_schema.columns
                WHERE table_schema = 'spyglass' AND table_name = 'competitors' AND column_name = 'segment'
                """, url: database.adminDatabaseURL)
            #expect(column == "1")
            let line = "lock safety: \(retries) lock-timeout retries while a transaction held competitors for 8 s; "
                + "\(report.requests) requests, \(report.failures.count) failed, p99 \(report.percentile(99)) ms, "
                + "max \(report.percentile(100)) ms (lock_timeout 500 ms)"
            print(line)
            try? line.write(toFile: "/tmp/spyglass-lock-safety.txt", atomically: true, encoding: .utf8)
            #expect(report.failures.isEmpty, "failed requests: \(report.failures.prefix(5))")
            // Without the lock timeout, requests would queue behind the ALTER for the holder's 8 s.
            #expect(report.percentile(100) < 3_000, "\(line)")
        }
    }

    /// The project's migrations (from the binary's bundle folder in the source tree) plus `extra`.
    static func migrationDirectory(in parent: URL, extra: [(String, String)] = loadMigrations) throws -> URL {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/SpyglassPostgres/Migrations")
        let directory = parent.appendingPathComponent("migrations-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where file.hasSuffix(".sql") {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(file), to: directory.appendingPathComponent(file))
        }
        for (name, sql) in extra {
            try sql.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }
}

/// A steady stream of the requests analysts and integrations make, with every
/// latency and failure recorded.
actor TrafficRecorder {
    struct Report: Sendable {
        var requests: Int
        var failures: [String]
        var latencies: [Double]
        /// The slowest request, named.
        var slowest: (String, Double) = ("", 0)

        /// The p-th percentile latency in whole milliseconds.
        func percentile(_ p: Int) -> Int {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            let index = min(sorted.count - 1, max(0, Int((Double(p) / 100 * Double(sorted.count)).rounded(.up)) - 1))
            return Int(sorted[index].rounded())
        }
    }

    private var report = Report(requests: 0, failures: [], latencies: [])

    func record(_ name: String, _ milliseconds: Double, failure: String?) {
        if milliseconds > report.slowest.1 { report.slowest = (name, milliseconds) }
        report.requests += 1
        report.latencies.append(milliseconds)
        if let failure { report.failures.append(failure) }
    }

    /// Sends requests from `workers` concurrent clients until cancelled; returns what happened.
    nonisolated func drive(api: APIClient, competitor: String, monitor: String?, workers: Int) async -> Report {
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var round = 0
                    while !Task.isCancelled {
                        round += 1
                        let request: (String, () async throws -> APIResponse) = switch (round + worker) % 5 {
                        case 0: ("POST /v1/competitors", {
                            try await api.post("/v1/competitors", fields: ["name": "Load \(worker)-\(round)"]) })
                        case 1: ("PATCH /v1/competitors/{id}", {
                            try await api.patch("/v1/competitors/\(competitor)", fields: ["name": "Rival \(round)"]) })
                        case 2: ("GET /v1/competitors", { try await api.get("/v1/competitors?limit=20") })
                        case 3: monitor.map { id in ("GET /v1/monitors/{id}/checks", {
                            try await api.get("/v1/monitors/\(id)/checks?limit=20") }) }
                            ?? ("GET /v1/competitors/{id}", { try await api.get("/v1/competitors/\(competitor)") })
                        default: ("GET /v1/changes", { try await api.get("/v1/changes?limit=20") })
                        }
                        let started = ContinuousClock.now
                        var failure: String?
                        do {
                            let response = try await request.1()
                            if !(200..<300).contains(response.status) {
                                failure = "\(request.0): \(response.status) \(response.text.prefix(200))"
                            }
                        } catch is CancellationError {
                            return
                        } catch {
                            if Task.isCancelled { return }
                            failure = "\(request.0): \(error)"
                        }
                        let elapsed = ContinuousClock.now - started
                        let milliseconds = Double(elapsed.components.seconds) * 1_000
                            + Double(elapsed.components.attoseconds) / 1e15
                        await self.record(request.0, milliseconds, failure: failure)
                    }
                }
            }
        }
        return await report
    }
}
