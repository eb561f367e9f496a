import AMQPWire
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import AMQPClient

/// The NIO handler on an EmbeddedChannel: bytes from a scripted "broker" in, bytes out.
@Suite struct ConnectionHandlerTests {
    struct Harness {
        let channel: EmbeddedChannel
        let handshake: EventLoopPromise<Void>
        let closed: EventLoopPromise<AMQPClientError?>
        let handler: AMQPConnectionHandler

        init() throws {
            channel = EmbeddedChannel()
            let loop = channel.embeddedEventLoop
            handshake = loop.makePromise(of: Void.self)
            closed = loop.makePromise(of: AMQPClientError?.self)
            let handle = AMQPConnectionHandle(
                eventLoop: loop,
                box: NIOLoopBoundBox.makeEmptyBox(valueType: AMQPConnectionHandler.self, eventLoop: loop),
                status: AMQPConnectionStatus())
            let handler = AMQPConnectionHandler(
                settings: ConnectionStateMachineTests.settings, requestTimeout: .seconds(5), maxBodySize: 1 << 20,
                handshakePromise: handshake, closedPromise: closed, handle: handle, logger: quietLogger)
            handle.box.value = handler
            self.handler = handler
            try channel.pipeline.syncOperations.addHandler(handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5672)).wait()
        }

        /// The next chunk the client wrote: its writes are flushed at the end of the event-loop
        /// turn, so the turn runs first.
        func outbound() throws -> ByteBuffer? {
            channel.embeddedEventLoop.run()
            return try channel.readOutbound(as: ByteBuffer.self)
        }

        /// Everything the client wrote since the last call, as frames (after the protocol header).
        func written() throws -> [AMQPFrame] {
            channel.embeddedEventLoop.run()
            var bytes = ByteBuffer()
            while var chunk = try channel.readOutbound(as: ByteBuffer.self) {
                bytes.writeBuffer(&chunk)
            }
            if bytes.readableBytesView.starts(with: AMQPProtocolHeader.bytes) {
                bytes.moveReaderIndex(forwardBy: AMQPProtocolHeader.bytes.count)
            }
            var decoder = AMQPFrameDecoder(maxFrameSize: 1 << 20)
            var frames: [AMQPFrame] = []
            while let frame = try decoder.decode(&bytes) { frames.append(frame) }
            return frames
        }

        func send(_ frames: AMQPFrame...) throws {
            var buffer = ByteBuffer()
            for frame in frames { try frame.encode(into: &buffer) }
            try channel.writeInbound(buffer)
        }

        func closeReason() throws -> AMQPClientError?? {
            var reason: AMQPClientError??
            closed.futureResult.assumeIsolated().whenSuccess { reason = .some($0) }
            channel.embeddedEventLoop.run()
            return reason
        }

        /// Runs the handshake: start → start-ok, tune → tune-ok + open, open-ok.
        func open(frameMax: UInt32 = 131_072) throws {
            _ = try written()
            try send(.method(channel: 0, .connectionStart(ConnectionStateMachineTests.start)))
            try send(
                .method(channel: 0, .connectionTune(Connection.Tune(channelMax: 0, frameMax: frameMax, heartbeat: 0))))
            try send(.method(channel: 0, .connectionOpenOk))
            _ = try written()
        }
    }

    @Test func writesTheProtocolHeaderWhenActive() throws {
        let harness = try Harness()
        let bytes = try harness.outbound()
        #expect(bytes.map { Array($0.readableBytesView) } == AMQPProtocolHeader.bytes)
    }

    @Test func handshakeThroughTheHandler() throws {
        let harness = try Harness()
        _ = try harness.outbound()
        try harness.send(.method(channel: 0, .connectionStart(ConnectionStateMachineTests.start)))
        guard case .method(0, .connectionStartOk(let startOk)) = try harness.written().first else {
            Issue.record("expected start-ok")
            return
        }
        #expect(startOk.mechanism == "PLAIN")
        // Both frames of one broker read arrive in one buffer.
        var buffer = ByteBuffer()
        try AMQPFrame.method(channel: 0, .connectionTune(Connection.Tune(channelMax: 10, frameMax: 8192, heartbeat: 0)))
            .encode(into: &buffer)
        try AMQPFrame.method(channel: 0, .connectionOpenOk).encode(into: &buffer)
        try harness.channel.writeInbound(buffer)
        #expect(
            try harness.written() == [
                .method(channel: 0, .connectionTuneOk(Connection.Tune(channelMax: 10, frameMax: 8192, heartbeat: 10))),
                .method(channel: 0, .connectionOpen(virtualHost: "vh")),
            ])
        var succeeded = false
        harness.handshake.futureResult.assumeIsolated().whenSuccess { succeeded = true }
        harness.channel.embeddedEventLoop.run()
        #expect(succeeded)
        #expect(harness.channel.isActive)
    }

    @Test func framesSplitAcrossReadsAreReassembled() throws {
        let harness = try Harness()
        _ = try harness.written()
        var buffer = ByteBuffer()
        try AMQPFrame.method(channel: 0, .connectionStart(ConnectionStateMachineTests.start)).encode(into: &buffer)
        while buffer.readableBytes > 0, let piece = buffer.readSlice(length: min(7, buffer.readableBytes)) {
            try harness.channel.writeInbound(piece)
        }
        guard case .method(0, .connectionStartOk) = try harness.written().first else {
            Issue.record("expected start-ok")
            return
        }
    }

    @Test func malformedBytesCloseWithTheTypedReplyCode() throws {
        let harness = try Harness()
        _ = try harness.written()
        // Frame type 9 does not exist.
        try harness.channel.writeInbound(ByteBuffer(bytes: [9, 0, 0, 0, 0, 0, 0, 0xCE]))
        let frames = try harness.written()
        guard case .method(0, .connectionClose(let close)) = frames.first else {
            Issue.record("expected connection.close, got \(frames)")
            return
        }
        #expect(close.replyCode == AMQPWireError.Code.unknownFrameType.replyCode)
        #expect(!harness.channel.isActive)
        let reason = try harness.closeReason()
        #expect(reason??.code == .protocolError)
        #expect(reason??.replyCode == 501)
        var handshakeError: (any Error)?
        harness.handshake.futureResult.assumeIsolated().whenFailure { handshakeError = $0 }
        harness.channel.embeddedEventLoop.run()
        #expect((handshakeError as? AMQPClientError)?.code == .protocolError)
    }

    @Test func aBadFrameEndAfterTheHandshakeCloses() throws {
        let harness = try Harness()
        try harness.open()
        var buffer = ByteBuffer()
        try AMQPFrame.heartbeat.encode(into: &buffer)
        buffer.setInteger(UInt8(0xAB), at: buffer.writerIndex - 1)
        try harness.channel.writeInbound(buffer)
        guard case .method(0, .connectionClose(let close)) = try harness.written().first else {
            Issue.record("expected connection.close")
            return
        }
        #expect(close.replyCode == 501)
        #expect(!harness.channel.isActive)
    }

    @Test func aFrameAboveTheNegotiatedFrameMaxCloses() throws {
        let harness = try Harness()
        try harness.open(frameMax: 4096)
        try harness.send(.body(channel: 1, ByteBuffer(repeating: 1, count: 5000)))
        guard case .method(0, .connectionClose(let close)) = try harness.written().first else {
            Issue.record("expected connection.close")
            return
        }
        #expect(close.replyCode == AMQPWireError.Code.frameTooLarge.replyCode)
        #expect(!harness.channel.isActive)
    }

    @Test func aFrameForAChannelNotOpenIsAChannelError() throws {
        let harness = try Harness()
        try harness.open()
        try harness.send(.method(channel: 5, .channelOpenOk))
        guard case .method(0, .connectionClose(let close)) = try harness.written().first else {
            Issue.record("expected connection.close")
            return
        }
        #expect(close.replyCode == 504)
        // It waits for close-ok, then closes.
        #expect(harness.channel.isActive)
        try harness.send(.method(channel: 0, .connectionCloseOk))
        #expect(!harness.channel.isActive)
        #expect(try harness.closeReason()??.replyCode == 504)
    }

    @Test func framesInFlightForAClosedChannelAreIgnored() throws {
        let harness = try Harness()
        try harness.open()
        let status = AMQPChannelStatus()
        let opened = harness.channel.embeddedEventLoop.makePromise(of: AMQPChannelSlot.self)
        harness.handler.openChannel(status: status, promise: opened)
        #expect(try harness.written() == [.method(channel: 1, .channelOpen)])
        try harness.send(.method(channel: 1, .channelOpenOk))
        var slot: AMQPChannelSlot?
        opened.futureResult.assumeIsolated().whenSuccess { slot = $0 }
        harness.channel.embeddedEventLoop.run()
        #expect(slot?.id == 1)
        #expect(status.isOpen)
        // The broker closes the channel; a delivery it had already sent follows the close.
        try harness.send(.method(channel: 1, .channelClose(Close(replyCode: 406, replyText: "PRECONDITION_FAILED"))))
        #expect(try harness.written() == [.method(channel: 1, .channelCloseOk)])
        #expect(!status.isOpen)
        try harness.send(
            .method(
                channel: 1,
                .basicDeliver(
                    Basic.Deliver(consumerTag: "c", deliveryTag: 9, redelivered: false, exchange: "", routingKey: "q"))),
            .header(channel: 1, AMQPContentHeader(bodySize: 0, properties: AMQPProperties())))
        #expect(harness.channel.isActive)
        #expect(try harness.written() == [])
        // A channel number never opened is still an error.
        try harness.send(.method(channel: 2, .channelOpenOk))
        guard case .method(0, .connectionClose(let close)) = try harness.written().first else {
            Issue.record("expected connection.close")
            return
        }
        #expect(close.replyCode == 504)
    }

    @Test func brokerCloseIsAnsweredAndReported() throws {
        let harness = try Harness()
        try harness.open()
        try harness.send(
            .method(channel: 0, .connectionClose(Close(replyCode: 320, replyText: "CONNECTION_FORCED - closed"))))
        #expect(try harness.written() == [.method(channel: 0, .connectionCloseOk)])
        #expect(!harness.channel.isActive)
        let reason = try harness.closeReason()
        #expect(reason??.code == .connectionClosed)
        #expect(reason??.replyCode == 320)
    }

    @Test func contentFramesOnChannelZeroAreUnexpected() throws {
        let harness = try Harness()
        try harness.open()
        try harness.send(.body(channel: 0, ByteBuffer(string: "x")))
        guard case .method(0, .connectionClose(let close)) = try harness.written().first else {
            Issue.record("expected connection.close")
            return
        }
        #expect(close.replyCode == 505)
    }
}
