import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

/// `/app/events`: the signed-in workspace's new changes as server-sent events
/// (`event: change.detected`, data: a `FeedItem` as JSON), filtered like the
/// overview. Each announced change is read back from the workspace's own storage,
/// so nothing reaches a browser that its session may not read. The stream ends
/// when the session does (checked at every heartbeat).
struct LiveFeedStream {
    let kit: PageKit
    static let heartbeat: Duration = .seconds(15)

    func register(_ router: Router<WebRequestContext>) {
        router.get("/app/events", use: stream)
    }

    enum Tick: Sendable {
        case item(FeedItem)
        case heartbeat
    }

    @Sendable func stream(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        guard let pubSub = kit.dependencies.pubSub else {
            throw WebError(code: .unavailable, status: .serviceUnavailable, title: "Live updates unavailable",
                           message: "This server publishes no live events.")
        }
        let filter = FeedFilter(query: request)
        let store = kit.store(signedIn)
        let storage = kit.storage
        let clock = kit.dependencies.clock
        let messages = try await pubSub.subscribe(channel: LiveEvents.channel(for: signedIn.user.tenantID))
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let body = ResponseBody { writer in
            let (ticks, tick) = AsyncStream.makeStream(of: Tick.self, bufferingPolicy: .bufferingNewest(256))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await message in messages {
                        if let item = try? await Self.item(from: message, filter: filter, store: store) {
                            tick.yield(.item(item))
                        }
                    }
                    tick.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: Self.heartbeat)
                        tick.yield(.heartbeat)
                    }
                }
                try await writer.write(ByteBuffer(string: ": connected\nretry: 3000\n\n"))
                stream: for await event in ticks {
                    switch event {
                    case .item(let item):
                        try await writer.write(ByteBuffer(string: Self.wireText(item)))
                    case .heartbeat:
                        let session = try await storage.session(id: signedIn.session.id)
                        guard session?.isActive(at: clock.now()) == true else { break stream }
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    }
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The feed item of a `change.detected` envelope, if the change is this workspace's and passes the filter.
    static func item(from payload: [UInt8], filter: FeedFilter, store: any TenantStorage) async throws -> FeedItem? {
        guard let envelope = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
              envelope["type"] as? String == "change.detected",
              let data = envelope["data"] as? [String: Any], let text = data["id"] as? String,
              let id = Change.ID(text), let change = try await store.change(id), filter.matches(change)
        else { return nil }
        let competitor = try await store.competitor(change.competitorID)
        let monitor = try await store.monitor(change.monitorID)
        return FeedItem(change, competitor: competitor?.name, page: monitor?.url)
    }

    /// One record; the JSON is one line (the encoder escapes newlines inside strings).
    static func wireText(_ item: FeedItem) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(item)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "id: \(item.id)\nevent: change.detected\ndata: \(json)\n\n"
    }
}
