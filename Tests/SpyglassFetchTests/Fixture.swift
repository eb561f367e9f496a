import Hummingbird
import Logging
import NIOCore

/// A request as the fixture server saw it.
struct RecordedRequest: Sendable {
    let method: String
    let path: String
    /// Lower-cased names; repeated fields joined with ", ".
    let headers: [String: String]
}

actor RequestLog {
    private(set) var requests: [RecordedRequest] = []
    private(set) var bodies: [[UInt8]] = []

    func record(_ request: RecordedRequest) { requests.append(request) }
    func recordBody(_ body: [UInt8]) { bodies.append(body) }

    var paths: [String] { requests.map(\.path) }

    func count(of path: String) -> Int { requests.filter { $0.path == path }.count }
}

struct RecordingMiddleware<Context: RequestContext>: RouterMiddleware {
    let log: RequestLog

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // HTTP/1.1's Host arrives as the request's authority.
        var headers: [String: String] = ["host": request.head.authority ?? ""]
        for field in request.headers {
            let name = field.name.canonicalName.lowercased()
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        await log.record(RecordedRequest(method: request.method.rawValue, path: request.uri.path, headers: headers))
        return try await next(request, context)
    }
}

/// A running local server: loopback only, on a port the system picked.
struct Fixture: Sendable {
    let host: String
    let port: Int
    let log: RequestLog

    func url(_ path: String) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)\(path)"
    }
}

struct FixtureStartFailure: Error {}

/// Runs a Hummingbird server on `host` port 0 with `routes`, hands its
/// address to `body`, and stops it afterwards.
func withFixture<T: Sendable>(
    host: String = "127.0.0.1",
    routes: FixtureRoutes = FixtureRoutes(),
    _ body: (Fixture) async throws -> T
) async throws -> T {
    let log = RequestLog()
    let router = Router()
    router.middlewares.add(RecordingMiddleware(log: log))
    routes.install(on: router, log: log)

    // Stopping by cancellation makes the server log errors that mean nothing here.
    var logger = Logger(label: "fixture")
    logger.logLevel = .critical
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router,
        configuration: .init(address: .hostname(host, port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            group.cancelAll()
            throw FixtureStartFailure()
        }
        defer { group.cancelAll() }
        return try await body(Fixture(host: host, port: port, log: log))
    }
}
