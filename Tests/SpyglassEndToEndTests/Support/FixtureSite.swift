import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The outside world of the tests, in this process on 127.0.0.1 only: a
/// competitor's pages and a webhook receiver.
///
/// - `GET /pricing`: the HTML in `state.pricingHTML`.
/// - `GET /slow`: waits until `state.releaseSlowPage()`, then answers.
/// - `GET /redirect-to-127-0-0-2`: 302 to `http://127.0.0.2:<port>/x`.
/// - `POST /webhook`: records headers and raw body, answers 200.
/// - `GET /robots.txt`: allows everything.
/// Every request, to any path, is recorded in `state.requests`.
struct FixtureSite: Sendable {
    let port: Int
    let state: FixtureState
    private let group: ServiceGroup
    private let server: Task<Void, any Error>

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func start() async throws -> FixtureSite {
        let state = FixtureState()
        let (ports, announce) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "spyglass-e2e-fixture")
        // Hummingbird logs its normal shutdown of open keep-alive connections
        // as errors; a broken fixture shows up as failed tests anyway.
        logger.logLevel = .critical
        let app = Application(
            router: router(state),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "spyglass-e2e-fixture"),
            onServerRunning: { channel in
                announce.yield(channel.localAddress?.port ?? 0)
                announce.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let server = Task { try await group.run() }
        let port = try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask { await ports.first { _ in true } }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let port, port > 0 else {
            await group.triggerGracefulShutdown()
            throw E2EError(.processFailed, "the fixture site did not start on 127.0.0.1")
        }
        await state.setPort(port)
        return FixtureSite(port: port, state: state, group: group, server: server)
    }

    /// Lets any waiting `/slow` request go and stops the server (bounded wait).
    func stop() async {
        await state.releaseSlowPage()
        await group.triggerGracefulShutdown()
        // Bounded: a server still running after 10 s is cancelled.
        let server = self.server
        await withTaskGroup(of: Void.self) { waiting in
            waiting.addTask { _ = await server.result }
            waiting.addTask { try? await Task.sleep(for: .seconds(10)) }
            await waiting.next()
            waiting.cancelAll()
        }
        server.cancel()
        _ = await server.result
    }

    private static func router(_ state: FixtureState) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RecordingMiddleware(state: state))
        router.get("/robots.txt") { _, _ in
            textResponse("User-agent: *\nAllow: /\n", contentType: "text/plain; charset=utf-8")
        }
        router.get("/pricing") { _, _ in
            textResponse(await state.pricingHTML, contentType: "text/html; charset=utf-8")
        }
        router.get("/slow") { _, _ in
            await state.noteSlowRequest()
            // Bounded, so a forgotten release cannot hang the suite.
            _ = try? await eventually("the slow page to be released", timeout: .seconds(120), interval: .milliseconds(20)) {
                await state.slowReleased ? true : nil
            }
            return textResponse(FixtureState.slowPageHTML, contentType: "text/html; charset=utf-8")
        }
        router.get("/redirect-to-127-0-0-2") { _, _ in
            var headers = HTTPFields()
            headers[.location] = "http://127.0.0.2:\(await state.port)/x"
            return Response(status: .found, headers: headers)
        }
        router.get("/x") { _, _ in
            textResponse("<html><body><p>You should never see this</p></body></html>", contentType: "text/html")
        }
        router.post("/webhook") { request, _ in
            let body = try await request.body.collect(upTo: 4 * 1_024 * 1_024)
            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName
                headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
            }
            await state.record(ReceivedWebhook(headers: headers, body: Array(body.readableBytesView)))
            return textResponse("ok", contentType: "text/plain")
        }
        // Record requests for any other path too, then 404.
        router.on("**", method: .get) { _, _ in Response(status: .notFound) }
        router.on("**", method: .post) { _, _ in Response(status: .notFound) }
        return router
    }

    private static func textResponse(_ text: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Records every request before routing it.
private struct RecordingMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let state: FixtureState

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        await state.record(SeenRequest(method: request.method.rawValue, path: request.uri.path, authority: request.head.authority))
        return try await next(request, context)
    }
}
