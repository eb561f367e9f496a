import AMQPWire
import NIOCore
import Testing

@testable import AMQPClient

/// The connection-level protocol without sockets: frames in, actions out, instants injected.
@Suite struct ConnectionStateMachineTests {
    typealias Machine = AMQPConnectionStateMachine

    static let settings = Machine.Settings(
        username: "user", password: "pass", virtualHost: "vh", connectionName: "test-connection",
        channelMax: 2047, frameMax: 131_072, heartbeat: 10, connectTimeout: .seconds(5), closeTimeout: .seconds(2))

    static let start = Connection.Start(
        serverProperties: ["product": .string("RabbitMQ")], mechanisms: "AMQPLAIN PLAIN", locales: "en_US")

    func at(_ milliseconds: Int64) -> NIODeadline { .uptimeNanoseconds(UInt64(milliseconds) * 1_000_000) }

    /// A machine through the whole handshake at t=0, with `heartbeat` negotiated.
    func openMachine(heartbeat: UInt16 = 10) -> Machine {
        var machine = Machine(settings: Self.settings)
        _ = machine.channelActive(now: at(0))
        _ = machine.methodReceived(.connectionStart(Self.start), now: at(0))
        _ = machine.methodReceived(
            .connectionTune(Connection.Tune(channelMax: 0, frameMax: 131_072, heartbeat: heartbeat)), now: at(0))
        _ = machine.methodReceived(.connectionOpenOk, now: at(0))
        return machine
    }

    @Test func handshakeHappyPath() throws {
        var machine = Machine(settings: Self.settings)
        #expect(machine.channelActive(now: at(0)) == .sendProtocolHeader)

        guard
            case .send(.connectionStartOk(let startOk)) = machine.methodReceived(
                .connectionStart(Self.start), now: at(1))
        else {
            Issue.record("expected start-ok")
            return
        }
        #expect(startOk.mechanism == "PLAIN")
        #expect(startOk.response == [0] + Array("user".utf8) + [0] + Array("pass".utf8))
        #expect(startOk.clientProperties["connection_name"] == .string("test-connection"))
        guard case .table(let capabilities) = startOk.clientProperties["capabilities"] else {
            Issue.record("capabilities missing")
            return
        }
        for name in [
            "publisher_confirms", "consumer_cancel_notify", "basic.nack", "connection.blocked",
            "exchange_exchange_bindings",
        ] {
            #expect(capabilities[name] == .boolean(true), "capability \(name)")
        }

        let tuned = machine.methodReceived(
            .connectionTune(Connection.Tune(channelMax: 0, frameMax: 131_072, heartbeat: 60)), now: at(2))
        let tuning = Machine.Tuning(channelMax: 2047, frameMax: 131_072, heartbeat: 10)
        #expect(
            tuned
                == .tuned(
                    tuning,
                    send: [
                        .connectionTuneOk(Connection.Tune(channelMax: 2047, frameMax: 131_072, heartbeat: 10)),
                        .connectionOpen(virtualHost: "vh"),
                    ]))
        #expect(!machine.isOpen)
        #expect(machine.methodReceived(.connectionOpenOk, now: at(3)) == .opened)
        #expect(machine.isOpen)
        #expect(machine.tuning == tuning)
    }

    @Test func withoutPlainTheClientClosesWithAuthenticationFailed() {
        var machine = Machine(settings: Self.settings)
        _ = machine.channelActive(now: at(0))
        let start = Connection.Start(serverProperties: [:], mechanisms: "AMQPLAIN EXTERNAL", locales: "en_US")
        guard case .shutDown(let shutdown) = machine.methodReceived(.connectionStart(start), now: at(1)) else {
            Issue.record("expected a shutdown")
            return
        }
        guard case .connectionClose(let close) = shutdown.send else {
            Issue.record("expected connection.close")
            return
        }
        #expect(close.replyCode == 540)
        #expect(shutdown.closeSocket)
        #expect(shutdown.error?.code == .authenticationFailed)
        #expect(machine.state == .closed)
    }

    @Test func wrongProtocolVersionFails() {
        var machine = Machine(settings: Self.settings)
        _ = machine.channelActive(now: at(0))
        let start = Connection.Start(
            versionMajor: 0, versionMinor: 8, serverProperties: [:], mechanisms: "PLAIN", locales: "")
        guard case .shutDown(let shutdown) = machine.methodReceived(.connectionStart(start), now: at(1)) else {
            Issue.record("expected a shutdown")
            return
        }
        #expect(shutdown.error?.code == .protocolError)
    }

    @Test(arguments: [
        (UInt32(0), UInt32(131_072), UInt32(131_072)),
        (UInt32(131_072), UInt32(0), UInt32(131_072)),
        (UInt32(131_072), UInt32(65_536), UInt32(65_536)),
        (UInt32(4096), UInt32(1_048_576), UInt32(4096)),
        (UInt32(0), UInt32(0), UInt32(0)),
    ])
    func negotiationTakesTheSmallerNonZero(client: UInt32, server: UInt32, expected: UInt32) {
        #expect(Machine.negotiate(client, server) == expected)
    }

    @Test func tuneNegotiatesEachField() {
        var settings = Self.settings
        settings.heartbeat = 0
        settings.channelMax = 100
        let tuning = Machine.negotiate(
            client: settings, server: Connection.Tune(channelMax: 2047, frameMax: 0, heartbeat: 30))
        #expect(tuning == Machine.Tuning(channelMax: 100, frameMax: 131_072, heartbeat: 30))
    }

    @Test func frameMaxBelowTheMinimumIsAProtocolError() {
        var machine = Machine(settings: Self.settings)
        _ = machine.channelActive(now: at(0))
        _ = machine.methodReceived(.connectionStart(Self.start), now: at(0))
        let action = machine.methodReceived(
            .connectionTune(Connection.Tune(channelMax: 0, frameMax: 512, heartbeat: 0)), now: at(0))
        guard case .shutDown(let shutdown) = action, case .connectionClose(let close) = shutdown.send else {
            Issue.record("expected connection.close, got \(action)")
            return
        }
        #expect(close.replyCode == 501)
        #expect(shutdown.error?.code == .protocolError)
    }

    @Test func heartbeatIsSentAfterHalfTheIntervalWithoutWrites() {
        var machine = openMachine(heartbeat: 10)
        #expect(machine.tick(now: at(4_900)) == .none)
        #expect(machine.tick(now: at(5_000)) == .sendHeartbeat)
        // The heartbeat itself counts as a write.
        #expect(machine.tick(now: at(9_000)) == .none)
        machine.dataReceived(now: at(9_000))
        machine.dataSent(now: at(9_500))
        #expect(machine.tick(now: at(14_000)) == .none)
        #expect(machine.tick(now: at(14_500)) == .sendHeartbeat)
    }

    @Test func aPeerSilentForTwoIntervalsIsDead() {
        var machine = openMachine(heartbeat: 10)
        machine.dataReceived(now: at(5_000))
        _ = machine.tick(now: at(10_000))
        if case .shutDown = machine.tick(now: at(24_900)) {
            Issue.record("dropped the peer before two intervals of silence")
        }
        guard case .shutDown(let shutdown) = machine.tick(now: at(25_000)) else {
            Issue.record("expected the dead peer to be dropped")
            return
        }
        #expect(shutdown.closeSocket)
        #expect(shutdown.send == nil)
        #expect(shutdown.error?.code == .connectionLost)
        #expect(machine.endReason?.code == .connectionLost)
    }

    @Test func receivedDataKeepsThePeerAlive() {
        var machine = openMachine(heartbeat: 2)
        for second in 1...30 {
            machine.dataReceived(now: at(Int64(second) * 1000))
            if case .shutDown = machine.tick(now: at(Int64(second) * 1000 + 500)) {
                Issue.record("dropped a live peer at \(second)s")
            }
        }
    }

    @Test func heartbeatsOffNeverTimeOut() {
        var settings = Self.settings
        settings.heartbeat = 0
        var machine = Machine(settings: settings)
        _ = machine.channelActive(now: at(0))
        _ = machine.methodReceived(.connectionStart(Self.start), now: at(0))
        _ = machine.methodReceived(
            .connectionTune(Connection.Tune(channelMax: 0, frameMax: 0, heartbeat: 0)), now: at(0))
        _ = machine.methodReceived(.connectionOpenOk, now: at(0))
        #expect(machine.tick(now: at(10_000_000)) == .none)
    }

    @Test func blockedAndUnblockedAreTracked() {
        var machine = openMachine()
        #expect(
            machine.methodReceived(.connectionBlocked(reason: "low on memory"), now: at(1))
                == .blocked(reason: "low on memory"))
        #expect(machine.isBlocked)
        #expect(machine.blockedReason == "low on memory")
        #expect(machine.methodReceived(.connectionUnblocked, now: at(2)) == .unblocked)
        #expect(!machine.isBlocked)
    }

    @Test func serverCloseIsAnsweredWithCloseOkAndReported() {
        var machine = openMachine()
        let action = machine.methodReceived(
            .connectionClose(Close(replyCode: 320, replyText: "CONNECTION_FORCED - broker shutdown")), now: at(1))
        guard case .shutDown(let shutdown) = action else {
            Issue.record("expected a shutdown")
            return
        }
        #expect(shutdown.send == .connectionCloseOk)
        #expect(shutdown.closeSocket)
        #expect(shutdown.error?.code == .connectionClosed)
        #expect(shutdown.error?.replyCode == 320)
        #expect(shutdown.error?.message.contains("CONNECTION_FORCED") == true)
        #expect(machine.state == .closed)
        // Nothing more happens after that.
        #expect(machine.channelInactive() == .none)
        #expect(machine.endReason?.replyCode == 320)
    }

    @Test func unexpectedMethodClosesWithUnexpectedFrame() {
        var machine = openMachine()
        guard case .shutDown(let shutdown) = machine.methodReceived(.connectionOpenOk, now: at(1)) else {
            Issue.record("expected a shutdown")
            return
        }
        guard case .connectionClose(let close) = shutdown.send else {
            Issue.record("expected connection.close")
            return
        }
        #expect(close.replyCode == 505)
        #expect(close.classID == 10 && close.methodID == 41)
        #expect(!shutdown.closeSocket)  // waits for close-ok
        #expect(shutdown.error?.code == .protocolError)
        #expect(shutdown.error?.replyCode == 505)
        // Everything but close-ok is discarded now.
        #expect(machine.methodReceived(.connectionBlocked(reason: "x"), now: at(2)) == .none)
        #expect(machine.methodReceived(.connectionCloseOk, now: at(3)) == .closeSocket(send: nil))
        #expect(machine.endReason?.replyCode == 505)
    }

    @Test func wireErrorClosesAtOnceWithItsReplyCode() {
        var machine = openMachine()
        let wire = AMQPWireError(.badFrameEnd, "frame ends with 0")
        let action = machine.protocolViolation(
            AMQPClientError(.protocolError, wire.message, replyCode: wire.code.replyCode), closeSocketNow: true,
            now: at(1))
        guard case .shutDown(let shutdown) = action, case .connectionClose(let close) = shutdown.send else {
            Issue.record("expected connection.close")
            return
        }
        #expect(close.replyCode == 501)
        #expect(shutdown.closeSocket)
    }

    @Test func clientCloseWaitsForCloseOkThenClosesTheSocket() {
        var machine = openMachine()
        guard case .shutDown(let shutdown) = machine.closeRequested(now: at(0)) else {
            Issue.record("expected a shutdown")
            return
        }
        #expect(shutdown.send == .connectionClose(Close(replyCode: 200, replyText: "Goodbye")))
        #expect(!shutdown.closeSocket)
        #expect(shutdown.error == nil)
        #expect(machine.closeRequested(now: at(1)) == .none)
        #expect(machine.methodReceived(.connectionCloseOk, now: at(10)) == .closeSocket(send: nil))
        #expect(machine.endReason == nil)
    }

    @Test func clientCloseGivesUpAfterTheCloseTimeout() {
        var machine = openMachine()
        _ = machine.closeRequested(now: at(0))
        #expect(machine.tick(now: at(1_999)) == .none)
        #expect(machine.tick(now: at(2_000)) == .closeSocket(send: nil))
    }

    @Test func crossingClosesAreAnswered() {
        var machine = openMachine()
        _ = machine.closeRequested(now: at(0))
        #expect(
            machine.methodReceived(.connectionClose(Close(replyCode: 320, replyText: "bye")), now: at(1))
                == .closeSocket(send: .connectionCloseOk))
    }

    @Test func handshakeTimesOut() {
        var machine = Machine(settings: Self.settings)
        _ = machine.channelActive(now: at(0))
        #expect(machine.tick(now: at(4_999)) == .none)
        guard case .shutDown(let shutdown) = machine.tick(now: at(5_000)) else {
            Issue.record("expected a shutdown")
            return
        }
        #expect(shutdown.error?.code == .timeout)
        #expect(shutdown.closeSocket)
    }

    @Test func refusedCredentialsAreAnAuthenticationFailure() {
        var machine = Machine(settings: Self.settings)
        _ = machine.channelActive(now: at(0))
        _ = machine.methodReceived(.connectionStart(Self.start), now: at(0))
        let action = machine.methodReceived(
            .connectionClose(Close(replyCode: 403, replyText: "ACCESS_REFUSED - Login was refused")), now: at(1))
        guard case .shutDown(let shutdown) = action else {
            Issue.record("expected a shutdown")
            return
        }
        #expect(shutdown.error?.code == .authenticationFailed)
        #expect(shutdown.error?.replyCode == 403)
    }

    @Test func socketDroppedAfterTheCredentialsIsAnAuthenticationFailure() {
        var machine = Machine(settings: Self.settings)
        _ = machine.channelActive(now: at(0))
        _ = machine.methodReceived(.connectionStart(Self.start), now: at(0))
        guard case .shutDown(let shutdown) = machine.channelInactive() else {
            Issue.record("expected a shutdown")
            return
        }
        #expect(shutdown.error?.code == .authenticationFailed)
        #expect(!shutdown.closeSocket)
    }

    @Test func refusedVirtualHostIsReportedWithItsReplyCode() {
        var machine = Machine(settings: Self.settings)
        _ = machine.channelActive(now: at(0))
        _ = machine.methodReceived(.connectionStart(Self.start), now: at(0))
        _ = machine.methodReceived(
            .connectionTune(Connection.Tune(channelMax: 0, frameMax: 0, heartbeat: 0)), now: at(0))
        guard
            case .shutDown(let shutdown) = machine.methodReceived(
                .connectionClose(Close(replyCode: 530, replyText: "NOT_ALLOWED - vhost vh not found")), now: at(1))
        else {
            Issue.record("expected a shutdown")
            return
        }
        #expect(shutdown.error?.code == .connectionClosed)
        #expect(shutdown.error?.replyCode == 530)
    }

    @Test func lostSocketWhileOpenIsConnectionLost() {
        var machine = openMachine()
        guard case .shutDown(let shutdown) = machine.channelInactive() else {
            Issue.record("expected a shutdown")
            return
        }
        #expect(shutdown.error?.code == .connectionLost)
        #expect(machine.channelInactive() == .none)
    }

    @Test func longCloseTextIsCutToAShortString() {
        let text = String(repeating: "é", count: 300)
        let short = Machine.shortString(text)
        #expect(short.utf8.count <= 255)
        #expect(short.allSatisfy { $0 == "é" })
    }
}
