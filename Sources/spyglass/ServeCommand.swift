import ArgumentParser
import FetchGuard
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SpyglassAPI
import SpyglassDomain
import SpyglassEmbedded
import SpyglassFetch
import SpyglassPipeline
import SpyglassPorts
import SpyglassWeb
import UnixSignals

/// API, scheduler and workers in one process: on one SQLite file (the embedded
/// default) or on PostgreSQL when `SPYGLASS_DATABASE_URL` is set.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run Spyglass in one process: web API, scheduler and workers.")

    @Option(help: "Address to listen on (env SPYGLASS_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env SPYGLASS_PORT, default 8080).")
    var port: Int?

    @OptionGroup var data: DataDirOption

    @Option(help: "Concurrent check and delivery workers (env SPYGLASS_WORKERS, default 4).")
    var workers: Int?

    func run() async throws {
        let settings = try ServeSettings(host: host, port: port, dataDir: data.resolved, workers: workers)
        var logger = Logger(label: "spyglass")
        logger.logLevel = settings.logLevel

        let backend = try await Backend.open(dataDir: settings.dataDir, logger: logger)
        let clock = SystemWallClock()
        let storage = backend.storage
        let queue = backend.queue

        // Per-site politeness and API quotas: fleet-wide when the limiter is Redis.
        let limiter = backend.rateLimiter
        let outbound = OutboundHTTPConfiguration(
            politenessInterval: settings.politenessInterval,
            addressPolicy: AddressPolicy(allowedNetworks: settings.allowedNetworks))
        let http = OutboundHTTP(configuration: outbound, rateLimiter: limiter, logger: logger)
        let fetcher = HTTPPageFetcher(http: http)
        let transport = HTTPWebhookTransport(http: http)
        let mail: (any MailTransport)? = try settings.smtpURL.map {
            do {
                return try SMTPMailTransport(url: $0, from: settings.mailFrom)
            } catch {
                throw CLIError("SPYGLASS_SMTP_URL: \(error)")
            }
        }
        let pubSub = backend.pubSub
        let events = LiveEvents(pubSub: pubSub, logger: logger)

        let check = CheckMonitor(storage: storage, fetcher: fetcher, queue: queue, clock: clock, events: events, logger: logger)
        let deliver = DeliverChange(
            storage: storage, transport: transport, mail: mail, dashboardURL: settings.publicURL, queue: queue,
            clock: clock, logger: logger)
        let poolConfiguration = WorkerPool.Configuration(
            concurrency: settings.workers, visibilityTimeout: settings.visibilityTimeout)
        // One pool per queue: checks may come from Redis, deliveries always from the database.
        let pools: [WorkerPool] = if let checks = backend.redisChecks {
            [WorkerPool(queue: checks, handlers: [.check: check], configuration: poolConfiguration, logger: logger),
             WorkerPool(queue: queue, handlers: [.deliver: deliver], configuration: poolConfiguration, logger: logger)]
        } else {
            [WorkerPool(queue: queue, handlers: [.check: check, .deliver: deliver], configuration: poolConfiguration,
                        logger: logger)]
        }
        let leadership = backend.leaderLock.map {
            Scheduler.Leadership(lock: $0, owner: "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8))")
        }
        let scheduler = Scheduler(
            storage: storage, queue: backend.checkQueue, clock: clock, leadership: leadership, logger: logger)
        let digests = DigestService(storage: storage, queue: queue, clock: clock, logger: logger)
        let activity = ActivityProjection(
            bus: backend.bus, storage: storage, policy: try Environment.consumerPolicy(), logger: logger)
        let pruner = ProcessedEventsPruner(
            storage: storage, clock: clock, retention: settings.processedEventsRetention, logger: logger)

        let dependencies = APIDependencies(
            storage: storage, queue: backend.apiQueue, clock: clock, intervalPolicy: settings.intervalPolicy, pubSub: pubSub,
            rateLimiter: settings.apiQuota == nil ? nil : limiter,
            apiQuota: settings.apiQuota ?? RateLimitPolicy(limit: 1, window: .seconds(60)))
        let (router, _) = SpyglassAPI.buildRouter(dependencies)
        let preview = MonitorPreview(fetcher: fetcher)
        let web = WebDependencies(
            storage: storage, queue: backend.apiQueue, clock: clock, intervalPolicy: settings.intervalPolicy,
            pubSub: pubSub, rateLimiter: limiter, preview: preview.preview,
            settings: WebSettings(secureCookies: settings.secureCookies), logger: logger)
        let webRouter: Router<WebRequestContext>
        do {
            webRouter = try await SpyglassWeb.buildRouter(web)
        } catch {
            throw CLIError("the dashboard cannot start: \(error)")
        }
        // One port: /v1/* and /healthz are the API, everything else the dashboard.
        let responder = PathDispatcher(api: router.buildResponder(), web: webRouter.buildResponder())
        let host = settings.host
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Spyglass"),
            onServerRunning: { channel in
                // The bound port, which differs from the configured one for --port 0.
                let port = channel.localAddress?.port ?? settings.port
                Console.line("Spyglass is serving the API on http://\(host):\(port)")
                Console.line("and the dashboard on http://\(host):\(port)/")
            },
            logger: logger)

        let group = ServiceGroup(
            configuration: .init(
                services: backend.services + pools + [app, scheduler, digests, activity, pruner], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        logger.info("storage: \(backend.description)")
        try await backend.run {
            try await createFirstWorkspaceIfEmpty(storage)
            do {
                try await group.run()
            } catch {
                throw CLIError("the server stopped: \(error)")
            }
        }
    }

    /// A new data directory gets its first workspace; the owner key is shown once.
    private func createFirstWorkspaceIfEmpty(_ storage: any Storage) async throws {
        guard try await storage.tenantCount() == 0 else { return }
        let provisioned = try await TenantProvisioning(storage: storage).createTenant(name: "My workspace")
        Console.line("""
            Created your first workspace (\(provisioned.tenant.id)).
            Its owner API key, shown only this once:

                \(provisioned.apiKey)

            """)
    }
}

/// Serve's settings: flag, then environment, then default.
struct ServeSettings {
    var host: String
    var port: Int
    var dataDir: String
    var workers: Int
    var allowedNetworks: [CIDRBlock]
    var politenessInterval: Duration
    var visibilityTimeout: Duration
    var intervalPolicy: CheckIntervalPolicy
    var logLevel: Logger.Level
    /// `smtp://[user:password@]host[:port]` for e-mail digests; nil disables e-mail.
    var smtpURL: String?
    var mailFrom: String
    /// Requests per minute per API key; nil: unlimited.
    var apiQuota: RateLimitPolicy?
    /// Session cookies marked `Secure` even over plain HTTP (behind a TLS-terminating proxy).
    var secureCookies: Bool
    /// The dashboard's address as people reach it, for links in e-mail digests.
    var publicURL: String
    /// How long an idempotent consumer remembers the ids of events it handled.
    var processedEventsRetention: Duration

    init(host: String?, port: Int?, dataDir: String, workers: Int?) throws {
        self.host = host ?? Environment.string("SPYGLASS_HOST") ?? "127.0.0.1"
        self.port = try port ?? Environment.int("SPYGLASS_PORT") ?? 8080
        guard (0...65_535).contains(self.port) else { throw CLIError("the port must be between 0 and 65535") }
        self.dataDir = dataDir
        self.workers = try workers ?? Environment.int("SPYGLASS_WORKERS") ?? 4
        guard (1...256).contains(self.workers) else { throw CLIError("workers must be between 1 and 256") }
        do {
            self.allowedNetworks = try AddressPolicy.parseAllowList(Environment.string("SPYGLASS_ALLOW_NETWORKS") ?? "")
        } catch {
            throw CLIError("SPYGLASS_ALLOW_NETWORKS: \(error)")
        }
        let politeness = try Environment.int("SPYGLASS_POLITENESS_MS") ?? 1_000
        self.politenessInterval = .milliseconds(max(0, politeness))
        let visibility = try Environment.int("SPYGLASS_JOB_VISIBILITY_SECONDS") ?? 60
        guard visibility >= 1 else { throw CLIError("SPYGLASS_JOB_VISIBILITY_SECONDS must be at least 1") }
        self.visibilityTimeout = .seconds(visibility)
        let minimum = try Environment.int("SPYGLASS_MIN_INTERVAL_SECONDS") ?? 60
        guard minimum >= 1 else { throw CLIError("SPYGLASS_MIN_INTERVAL_SECONDS must be at least 1") }
        self.intervalPolicy = CheckIntervalPolicy(minimumSeconds: minimum, defaultSeconds: max(3_600, minimum))
        let level = Environment.string("SPYGLASS_LOG_LEVEL") ?? "info"
        guard let parsed = Logger.Level(rawValue: level) else {
            throw CLIError("SPYGLASS_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
        }
        self.logLevel = parsed
        self.smtpURL = Environment.string("SPYGLASS_SMTP_URL")
        self.mailFrom = Environment.string("SPYGLASS_SMTP_FROM") ?? "spyglass@localhost"
        let perMinute = try Environment.int("SPYGLASS_API_RATE_LIMIT") ?? 600
        guard perMinute >= 0 else { throw CLIError("SPYGLASS_API_RATE_LIMIT must be 0 (unlimited) or more") }
        self.apiQuota = perMinute == 0 ? nil : RateLimitPolicy(limit: perMinute, window: .seconds(60))
        let secure = Environment.string("SPYGLASS_SECURE_COOKIES")?.lowercased() ?? "false"
        guard ["true", "false", "1", "0"].contains(secure) else {
            throw CLIError("SPYGLASS_SECURE_COOKIES must be true or false")
        }
        self.secureCookies = secure == "true" || secure == "1"
        self.publicURL = try Environment.publicURL(host: self.host, port: self.port)
        let retentionDays = try Environment.int("SPYGLASS_PROCESSED_EVENTS_DAYS") ?? 30
        guard retentionDays >= 1 else { throw CLIError("SPYGLASS_PROCESSED_EVENTS_DAYS must be at least 1") }
        self.processedEventsRetention = .seconds(retentionDays * 86_400)
    }
}
