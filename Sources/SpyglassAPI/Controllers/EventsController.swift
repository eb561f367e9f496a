import Foundation
import Hummingbird
import ServerSentEvents
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
        return EventStream.response(messages: messages, tick: Self.heartbeat) { wake in
            switch wake {
            case .tick:
                return .write(ServerSentEvent.comment("heartbeat"))
            case .message(let payload):
                guard let event = Self.event(payload), types?.contains(event.type) ?? true else { return .nothing }
                return .write(event.wireText)
            }
        }
    }

    /// The record of a live event's JSON envelope (`{"id":…,"type":…,…}`); nil when it is not one.
    static func event(_ payload: [UInt8]) -> ServerSentEvent? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
              let id = object["id"] as? String, let type = object["type"] as? String
        else { return nil }
        return ServerSentEvent(id: id, type: type, data: String(decoding: payload, as: UTF8.self))
    }
}
