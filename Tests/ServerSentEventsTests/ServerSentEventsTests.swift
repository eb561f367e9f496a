import Hummingbird
import HummingbirdTesting
import NIOCore
import ServerSentEvents
import Testing

@Suite("Server-sent events")
struct ServerSentEventsTests {
    @Test("a record is id, event and one data line per line of data")
    func record() {
        #expect(ServerSentEvent(id: "7", type: "change.detected", data: #"{"a":1}"#).wireText
            == "id: 7\nevent: change.detected\ndata: {\"a\":1}\n\n")
        #expect(ServerSentEvent(id: "", type: "", data: "x").wireText == "data: x\n\n")
        #expect(ServerSentEvent(id: "1", type: "t", data: "one\ntwo\r\nthree").wireText
            == "id: 1\nevent: t\ndata: one\ndata: two\ndata: three\n\n")
    }

    @Test("line breaks in an id, a type or a comment cannot forge fields")
    func hostileFields() {
        let record = ServerSentEvent(id: "1\ndata: forged", type: "t\r\nevent: other", data: "ok").wireText
        #expect(record == "id: 1data: forged\nevent: tevent: other\ndata: ok\n\n")
        #expect(record.split(separator: "\n").count == 3)
        #expect(ServerSentEvent.comment("beat\n\ndata: forged") == ": beatdata: forged\n\n")
        #expect(ServerSentEvent(id: "a\0b", type: "", data: "").wireText == "id: ab\ndata: \n\n")
    }

    @Test("the stream writes what each message and tick asks for, starting with a tick, and ends on .end")
    func stream() async throws {
        let router = Router()
        router.get("/events") { _, _ in
            let (messages, send) = AsyncStream.makeStream(of: String.self)
            send.yield("hello")
            send.yield("skip")
            send.yield("stop")
            send.yield("never")
            return EventStream.response(messages: messages, tick: .seconds(3600), retry: .milliseconds(1500)) { wake in
                switch wake {
                case .tick: return .write(ServerSentEvent.comment("tick"))
                case .message("skip"): return .nothing
                case .message("stop"): return .end
                case .message(let text): return .write(ServerSentEvent(id: "", type: "m", data: text).wireText)
                }
            }
        }
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/events", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                #expect(String(buffer: response.body)
                    == ": connected\nretry: 1500\n\n: tick\n\nevent: m\ndata: hello\n\n")
            }
        }
    }

    @Test("the stream ends when its source does")
    func sourceEnds() async throws {
        let router = Router()
        router.get("/events") { _, _ in
            let (messages, send) = AsyncStream.makeStream(of: String.self)
            send.yield("last")
            send.finish()
            return EventStream.response(messages: messages, tick: .seconds(3600)) { wake in
                if case .message(let text) = wake { return .write(ServerSentEvent(id: "9", type: "", data: text).wireText) }
                return .nothing
            }
        }
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/events", method: .get) { response in
                #expect(String(buffer: response.body) == ": connected\nretry: 3000\n\nid: 9\ndata: last\n\n")
            }
        }
    }
}
