import HTTPTypes
import Hummingbird
import NIOCore

/// A `text/event-stream` response fed by a source of messages and a timer: each
/// message and each tick is handed to `step`, which says what to write, if
/// anything, or that the stream is over. The first tick comes at once, so a
/// stream can catch up before it waits. One loop owns the writer, so `step` is
/// never called concurrently. The stream also ends when the source does or the
/// client goes away (the next write fails and the task group cancels the rest).
public enum EventStream {
    public enum Wake<Message: Sendable>: Sendable {
        case message(Message)
        case tick
    }

    public enum Step: Sendable {
        case write(String)
        case nothing
        case end
    }

    public static func response<Message: Sendable>(
        messages: AsyncStream<Message>, tick: Duration, retry: Duration = .seconds(3),
        step: @escaping @Sendable (Wake<Message>) async throws -> Step
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let retryMilliseconds = retry.components.seconds * 1000 + retry.components.attoseconds / 1_000_000_000_000_000
        let body = ResponseBody { writer in
            let (wakes, wake) = AsyncStream.makeStream(of: Wake<Message>.self, bufferingPolicy: .bufferingNewest(256))
            wake.yield(.tick)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await message in messages { wake.yield(.message(message)) }
                    wake.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: tick)
                        wake.yield(.tick)
                    }
                }
                try await writer.write(ByteBuffer(string: ": connected\nretry: \(retryMilliseconds)\n\n"))
                stream: for await next in wakes {
                    switch try await step(next) {
                    case .write(let text): try await writer.write(ByteBuffer(string: text))
                    case .nothing: continue
                    case .end: break stream
                    }
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
