import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// `GET /v1/events`: a dashboard's live feed, over real HTTP from the built binary.
@Suite("End to end: live events and quotas")
struct LiveEventsTests {
    @Test("a finished check reaches an open server-sent-events stream of its workspace, and only of its workspace")
    func checkFinishedIsStreamed() async throws {
        try await TestWorld.run { world in
            let tenant = try await world.createTenant("Watchers")
            let other = try await world.createTenant("Others")
            let server = try await world.serve()
            let api = world.client(server, tenant)
            await world.fixture.state.setPricingHTML("<html><body><p>Pro $49/mo</p></body></html>")

            let mine = try await EventStream.open(server.baseURL + "/v1/events", apiKey: tenant.apiKey)
            let theirs = try await EventStream.open(server.baseURL + "/v1/events", apiKey: other.apiKey)
            let competitor = try await api.createCompetitor(name: "Rival", website: world.fixture.baseURL)
            let monitor = try await api.createMonitor(competitorID: competitor, url: "\(world.fixture.baseURL)/pricing")

            let event = try await mine.next(type: "check.finished", timeout: .seconds(30))
            #expect(event.data.contains(monitor), "event: \(event)")
            #expect(event.id.hasPrefix("evt_"))
            #expect(mine.contentType == "text/event-stream")
            let leaked = try? await theirs.next(type: "check.finished", timeout: .seconds(2))
            #expect(leaked == nil, "another workspace received \(String(describing: leaked))")
            mine.close()
            theirs.close()
        }
    }

    @Test("past the per-key quota the served API answers 429 with Retry-After and RateLimit headers")
    func quotaOverHTTP() async throws {
        try await TestWorld.run { world in
            let tenant = try await world.createTenant("Busy")
            let server = try await world.serve(extraEnvironment: ["SPYGLASS_API_RATE_LIMIT": "5"])
            let api = world.client(server, tenant)
            var statuses: [Int] = []
            for _ in 0..<6 {
                statuses.append(try await api.get("/v1/competitors").status)
            }
            #expect(statuses == [200, 200, 200, 200, 200, 429])
            let refused = try await api.get("/v1/competitors")
            #expect(refused.status == 429)
            #expect(Int(refused.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(refused.header("RateLimit-Policy") == "\"api\";q=5;w=60")
            #expect(refused.header("Content-Type") == "application/problem+json")
        }
    }
}

/// A `text/event-stream` reader on AsyncHTTPClient, parsing records as they arrive.
final class EventStream: Sendable {
    struct Event: Sendable, CustomStringConvertible {
        var id = ""
        var type = ""
        var data = ""
        var description: String { "\(type) \(id) \(data.prefix(200))" }
    }

    let contentType: String?
    private let events: AsyncStream<Event>
    private let reader: Task<Void, Never>

    private init(contentType: String?, events: AsyncStream<Event>, reader: Task<Void, Never>) {
        self.contentType = contentType
        self.events = events
        self.reader = reader
    }

    static func open(_ url: String, apiKey: String) async throws -> EventStream {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(3_600))
        guard response.status == .ok else {
            throw E2EError(.unexpectedResponse, "GET \(url): HTTP \(response.status.code)")
        }
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        // The stream's reader lives as long as this object; `close()` (or deinit) ends it.
        let reader = Task {
            var pending = ""
            var current = Event()
            do {
                for try await chunk in response.body {
                    pending += String(buffer: chunk)
                    while let newline = pending.firstIndex(of: "\n") {
                        let line = String(pending[..<newline])
                        pending = String(pending[pending.index(after: newline)...])
                        if line.isEmpty {
                            if !current.type.isEmpty { continuation.yield(current) }
                            current = Event()
                        } else if line.hasPrefix("id: ") {
                            current.id = String(line.dropFirst(4))
                        } else if line.hasPrefix("event: ") {
                            current.type = String(line.dropFirst(7))
                        } else if line.hasPrefix("data: ") {
                            current.data += String(line.dropFirst(6))
                        }
                    }
                }
            } catch {}
            continuation.finish()
        }
        return EventStream(contentType: response.headers.first(name: "Content-Type"), events: events, reader: reader)
    }

    /// The next event of `type`, or a timeout error.
    func next(type: String, timeout: Duration) async throws -> Event {
        let events = self.events
        return try await withThrowingTaskGroup(of: Event?.self) { group in
            group.addTask {
                for await event in events where event.type == type { return event }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let event = first else {
                throw E2EError(.timeout, "no \(type) event within \(timeout)")
            }
            return event
        }
    }

    func close() { reader.cancel() }

    deinit { reader.cancel() }
}
