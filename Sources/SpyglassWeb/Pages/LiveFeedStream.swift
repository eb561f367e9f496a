import Foundation
import HTTPTypes
import Hummingbird
import ServerSentEvents
import SpyglassDomain
import SpyglassPipeline
import SpyglassPorts

/// `/app/events`: the signed-in workspace's new changes as server-sent events
/// (`event: change.detected`, data: a `FeedItem` as JSON), filtered like the
/// overview. Announcements on pub/sub only say "look now"; what is sent is read
/// from the workspace's own storage after a `LiveFeedCursor`, on every
/// announcement and every tick, so nothing reaches a browser that its session
/// may not read and nothing announced while a browser reconnects is lost.
/// `?since=` (milliseconds since 1970, written by the overview) and
/// `Last-Event-ID` say where the page left off. The stream ends when the session
/// does (checked at every tick).
struct LiveFeedStream {
    let kit: PageKit
    /// How often the stream reads without an announcement and checks the session.
    static let tick: Duration = .seconds(10)
    static let readLimit = 100

    func register(_ router: Router<WebRequestContext>) {
        router.get("/app/events", use: stream)
    }

    @Sendable func stream(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        guard let pubSub = kit.dependencies.pubSub else {
            throw WebError(code: .unavailable, status: .serviceUnavailable, title: "Live updates unavailable",
                           message: "This server publishes no live events.")
        }
        let store = kit.store(signedIn)
        let storage = kit.storage
        let clock = kit.dependencies.clock
        var since = Self.since(request.uri.queryParameters["since"].map(String.init), now: clock.now())
        if let lastID = request.headers[Self.lastEventID].flatMap(Change.ID.init),
           let last = try await store.change(lastID) {
            since = max(since, last.detectedAt)
        }
        let feed = LiveFeed(store: store, filter: FeedFilter(query: request), cursor: LiveFeedCursor(since: since))
        let messages = try await pubSub.subscribe(channel: LiveEvents.channel(for: signedIn.user.tenantID))
        return EventStream.response(messages: messages, tick: Self.tick) { wake in
            switch wake {
            case .message(let payload):
                guard Self.announcesChange(payload) else { return .nothing }
                let text = await feed.newRecords()
                return text.isEmpty ? .nothing : .write(text)
            case .tick:
                let session = try await storage.session(id: signedIn.session.id)
                guard session?.isActive(at: clock.now()) == true else { return .end }
                return .write(await feed.newRecords() + ServerSentEvent.comment("heartbeat"))
            }
        }
    }

    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    /// The page's `since`; a missing or odd value means now (a day back at most, a minute ahead at most).
    static func since(_ text: String?, now: Date) -> Date {
        guard let text, let milliseconds = Int64(text) else { return now }
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return min(max(date, now.addingTimeInterval(-86_400)), now.addingTimeInterval(60))
    }

    /// Whether a pub/sub payload is a `change.detected` announcement (anything else is not worth a read).
    static func announcesChange(_ payload: [UInt8]) -> Bool {
        let envelope = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
        return envelope?["type"] as? String == "change.detected"
    }

    /// One record; the JSON is one line (the encoder escapes newlines inside strings).
    static func record(_ item: FeedItem) -> ServerSentEvent {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(item)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ServerSentEvent(id: item.id, type: "change.detected", data: json)
    }
}

/// One open live feed: its filter and cursor. Only the stream's loop calls it, one read at a time.
actor LiveFeed {
    let store: any TenantStorage
    let filter: FeedFilter
    private var cursor: LiveFeedCursor

    init(store: any TenantStorage, filter: FeedFilter, cursor: LiveFeedCursor) {
        self.store = store
        self.filter = filter
        self.cursor = cursor
    }

    /// The items found since the last read, oldest first. A failed read sends nothing and
    /// leaves the cursor where it was, so the next announcement or tick tries again.
    func newItems() async -> [FeedItem] {
        var changeFilter = filter.changeFilter
        changeFilter.since = cursor.readFrom
        guard let changes = try? await store.changes(filter: changeFilter, page: PageRequest(limit: LiveFeedStream.readLimit))
        else { return [] }
        var items: [FeedItem] = []
        for change in cursor.admit(changes.items) {
            let competitor = (try? await store.competitor(change.competitorID)) ?? nil
            let monitor = (try? await store.monitor(change.monitorID)) ?? nil
            items.append(FeedItem(change, competitor: competitor?.name, page: monitor?.url))
        }
        return items
    }

    func newRecords() async -> String {
        await newItems().map { LiveFeedStream.record($0).wireText }.joined()
    }
}
