import Foundation
import Hummingbird
import NIOCore
import SpyglassPipeline
import SpyglassPorts

/// `GET /v1/events`: the tenant's live events (`change.detected`,
/// `check.finished`, …) as server-sent events, for dashboards. Fire and forget:
/// an event published while nobody listens is gone, and a reconnecting client
/// does not get what it missed (`Last-Event-ID` is not replayed) — the durable
/// record is the changes and checks themselves. `?types=a,b` keeps only those types.
struct EventsController {
    let dependencies: APIDependencies
    /// A comment line this often keeps proxies from closing an idle stream.
    static let heartbeat: Duration = .seconds(15)

    func register(_ routes: RouteRecorder) {
        routes.on(.get, "/v1/events", handler: stream)
    }

    @Sendable func stream(_ request: Request, context: APIRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        guard let pubSub = dependencies.pubSub else {
            throw APIProblem(
                status: .serviceUnavailable, kind: "events-unavailable", title: "Live events are not available",
                detail: "this server publishes no live events")
        }
        let types = Query(request).string("types").map { Set($0.split(separator: ",").map(String.init)) }
        let messages = try await pubSub.subscribe(channel: LiveEvents.channel(for: tenant))
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let body = ResponseBody { writer in
            let (ticks, tick) = AsyncStream.makeStream(of: ServerSentEvent.self, bufferingPolicy: .bufferingNewest(256))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await message in messages {
                        if let event = ServerSentEvent(message), types?.contains(event.type) ?? true { tick.yield(event) }
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
                for await event in ticks {
                    try await writer.write(ByteBuffer(string: event.wireText))
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// One `text/event-stream` record.
struct ServerSentEvent: Sendable {
    var id: String
    var type: String
    var data: String

    static let heartbeat = ServerSentEvent(id: "", type: "", data: "")

    /// From a live event's JSON envelope (`{"id":…,"type":…,…}`); nil when it is not one.
    init?(_ payload: [UInt8]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
              let id = object["id"] as? String, let type = object["type"] as? String
        else { return nil }
        self.id = id
        self.type = type
        // The envelope is one line of JSON; a data field must not contain a bare newline.
        self.data = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "\n", with: "\\n")
    }

    init(id: String, type: String, data: String) {
        self.id = id
        self.type = type
        self.data = data
    }

    var wireText: String {
        guard !type.isEmpty else { return ": heartbeat\n\n" }
        return "id: \(id)\nevent: \(type)\ndata: \(data)\n\n"
    }
}
