import Foundation
import NIOCore
import NIOPosix

/// What the test server saw in one session.
public struct Transcript: Sendable, Equatable {
    public var ehlo: String?
    public var auth: String?
    public var mailFrom: String?
    public var recipients: [String] = []
    /// The DATA section exactly as received, dot-stuffing included, without the final ".".
    public var data: String?
    public var quit = false
}

/// A tiny scripted SMTP receiver on 127.0.0.1, port chosen by the OS. One session per server.
/// Shared by the SMTP client's tests and the mail adapter's.
public struct TestSMTPServer {
    public struct Script: Sendable {
        /// A recipient to refuse with 550.
        public var rejectRecipient: String?
        /// Never send the greeting (the client must time out).
        public var silent = false
        /// Stop answering once a command with this prefix arrives.
        public var silentAfter: String?

        public init(rejectRecipient: String? = nil, silent: Bool = false, silentAfter: String? = nil) {
            self.rejectRecipient = rejectRecipient
            self.silent = silent
            self.silentAfter = silentAfter
        }
    }

    public struct NoSession: Error {}

    let channel: any Channel
    private let promise: EventLoopPromise<Transcript>
    public var transcript: EventLoopFuture<Transcript> { promise.futureResult }

    public var port: Int { channel.localAddress?.port ?? 0 }

    public static func start(_ script: Script = Script()) async throws -> TestSMTPServer {
        let group = MultiThreadedEventLoopGroup.singleton
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: Transcript.self)
        let channel = try await ServerBootstrap(group: eventLoop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ServerSessionHandler(script: script, done: promise))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return TestSMTPServer(channel: channel, promise: promise)
    }

    public func stop() async {
        try? await channel.close()
        promise.fail(NoSession())  // ignored if a session already completed it; NIO traps on leaked promises
    }
}

private final class ServerSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let script: TestSMTPServer.Script
    private let done: EventLoopPromise<Transcript>
    private var transcript = Transcript()
    private var pending = ""
    private var dataLines: [String]?
    private var mute = false

    init(script: TestSMTPServer.Script, done: EventLoopPromise<Transcript>) {
        self.script = script
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        mute = script.silent
        reply("220-test.local ESMTP\r\n220 ready", context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readString(length: buffer.readableBytes) ?? ""
        while let range = pending.range(of: "\r\n") {
            let line = String(pending[..<range.lowerBound])
            pending.removeSubrange(..<range.upperBound)
            handle(line, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.succeed(transcript)
    }

    private func handle(_ line: String, context: ChannelHandlerContext) {
        if var lines = dataLines {
            if line == "." {
                transcript.data = lines.map { $0 + "\r\n" }.joined()
                dataLines = nil
                reply("250 2.0.0 queued", context: context)
            } else {
                lines.append(line)
                dataLines = lines
            }
            return
        }
        if let prefix = script.silentAfter, line.hasPrefix(prefix) { mute = true }
        let upper = line.uppercased()
        if upper.hasPrefix("EHLO ") {
            transcript.ehlo = String(line.dropFirst(5))
            reply("250-test.local\r\n250-AUTH PLAIN\r\n250 8BITMIME", context: context)
        } else if upper.hasPrefix("AUTH PLAIN ") {
            transcript.auth = String(line.dropFirst(11))
            reply("235 2.7.0 accepted", context: context)
        } else if upper.hasPrefix("MAIL FROM:") {
            transcript.mailFrom = String(line.dropFirst(10))
            reply("250 ok", context: context)
        } else if upper.hasPrefix("RCPT TO:") {
            let address = String(line.dropFirst(8))
            if address == "<\(script.rejectRecipient ?? "")>" {
                reply("550-5.1.1 mailbox unavailable\r\n550 5.1.1 no such user here", context: context)
            } else {
                transcript.recipients.append(address)
                reply("250 ok", context: context)
            }
        } else if upper == "DATA" {
            dataLines = []
            reply("354 end with .", context: context)
        } else if upper == "QUIT" {
            transcript.quit = true
            reply("221 bye", context: context)
            context.close(promise: nil)
        } else {
            reply("500 unknown command", context: context)
        }
    }

    private func reply(_ text: String, context: ChannelHandlerContext) {
        guard !mute else { return }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text + "\r\n")), promise: nil)
    }
}
