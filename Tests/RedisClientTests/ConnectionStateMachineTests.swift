import NIOCore
import RESP
import Testing

@testable import RedisClient

/// The connection's protocol rules, without sockets. `Pending` is an Int naming the request.
@Suite struct ConnectionStateMachineTests {
    typealias Machine = RedisConnectionStateMachine<Int>

    static let noAuth = RedisHandshake.Settings(username: nil, password: nil, clientName: nil, database: 0)

    func at(_ milliseconds: Int64) -> NIODeadline { .uptimeNanoseconds(UInt64(milliseconds) * 1_000_000) }

    /// A machine past the handshake, on RESP3.
    func readyMachine() -> Machine {
        var machine = Machine(handshake: Self.noAuth, handshakeTimeout: .seconds(5))
        _ = machine.channelActive(now: at(0))
        _ = machine.replyReceived(.map([]))
        return machine
    }

    func ok(_ text: String = "OK") -> RESPValue { .simpleString(text) }

    @Test func handshakeWritesHelloThenBecomesReady() {
        var machine = Machine(handshake: Self.noAuth, handshakeTimeout: .seconds(5))
        #expect(machine.channelActive(now: at(0)) == .writeHandshake(RESPCommand("HELLO", "3"), armTimerAt: at(5000)))
        #expect(machine.replyReceived(.map([])) == .handshakeSucceeded(protocolVersion: 3))
        #expect(machine.state == .ready(protocolVersion: 3))
    }

    @Test func writesBeforeTheHandshakeFinishesAreRejectedUnsent() {
        var machine = Machine(handshake: Self.noAuth, handshakeTimeout: .seconds(5))
        _ = machine.channelActive(now: at(0))
        guard case .reject(let error) = machine.writeRequested(
            id: 1, pending: 1, expectedReplies: 1, deadline: at(100), label: "GET")
        else {
            Issue.record("expected a rejection")
            return
        }
        #expect(error.code == .notConnected)
        #expect(error.commandWasNotSent)
    }

    @Test func handshakeCredentialErrorFailsTheConnectAttempt() {
        let settings = RedisHandshake.Settings(username: "app", password: "pw-123", clientName: nil, database: 0)
        var machine = Machine(handshake: settings, handshakeTimeout: .seconds(5))
        _ = machine.channelActive(now: at(0))
        guard case .close(let close) = machine.replyReceived(.simpleError("WRONGPASS invalid username-password pair"))
        else {
            Issue.record("expected close")
            return
        }
        #expect(close.handshakeFailure?.code == .authenticationFailed)
        #expect(close.closeChannel)
        #expect(close.completions.isEmpty)
    }

    @Test func handshakeTimesOut() {
        var machine = Machine(handshake: Self.noAuth, handshakeTimeout: .milliseconds(300))
        _ = machine.channelActive(now: at(0))
        #expect(machine.deadlineReached(now: at(100)) == .arm(at(300)))
        guard case .close(let close) = machine.deadlineReached(now: at(300)) else {
            Issue.record("expected close")
            return
        }
        #expect(close.handshakeFailure?.code == .timeout)
    }

    @Test func repliesAreMatchedInOrder() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 10, expectedReplies: 1, deadline: at(1000), label: "A")
        _ = machine.writeRequested(id: 2, pending: 20, expectedReplies: 1, deadline: at(1000), label: "B")
        #expect(
            machine.replyReceived(.integer(1))
                == .complete(.init(pending: 10, results: [.success(.integer(1))]), thenClose: false))
        #expect(
            machine.replyReceived(.integer(2))
                == .complete(.init(pending: 20, results: [.success(.integer(2))]), thenClose: false))
        #expect(machine.pendingCount == 0)
    }

    @Test func aPipelineCollectsAllItsRepliesIncludingErrors() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 7, expectedReplies: 3, deadline: at(1000), label: "pipeline")
        #expect(machine.replyReceived(ok()) == .none)
        #expect(machine.replyReceived(.simpleError("WRONGTYPE nope")) == .none)
        let expected: [Result<RESPValue, RedisError>] = [
            .success(ok()), .failure(.server("WRONGTYPE nope")), .success(.integer(3)),
        ]
        #expect(machine.replyReceived(.integer(3)) == .complete(.init(pending: 7, results: expected), thenClose: false))
    }

    @Test func aReplyNobodyAskedForClosesWithProtocolViolation() {
        var machine = readyMachine()
        guard case .close(let close) = machine.replyReceived(ok()) else {
            Issue.record("expected close")
            return
        }
        #expect(close.completions.isEmpty)
        guard case .closed(let reason) = machine.state else {
            Issue.record("expected closed")
            return
        }
        #expect(reason.code == .protocolViolation)
    }

    @Test func onlyAnEarlierDeadlineReArmsTheTimer() {
        var machine = readyMachine()
        // The handshake timer (5000) is still armed and comes first.
        #expect(machine.writeRequested(id: 1, pending: 1, expectedReplies: 1, deadline: at(6000), label: "A")
            == .write(armTimerAt: nil))
        #expect(machine.writeRequested(id: 2, pending: 2, expectedReplies: 1, deadline: at(200), label: "B")
            == .write(armTimerAt: at(200)))
        #expect(machine.writeRequested(id: 3, pending: 3, expectedReplies: 1, deadline: at(900), label: "C")
            == .write(armTimerAt: nil))
    }

    @Test func aTimeoutFailsTheLateRequestAndClosesTheConnection() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 1, expectedReplies: 1, deadline: at(200), label: "BLPOP")
        _ = machine.writeRequested(id: 2, pending: 2, expectedReplies: 1, deadline: at(900), label: "GET")
        #expect(machine.deadlineReached(now: at(100)) == .arm(at(200)))
        guard case .close(let close) = machine.deadlineReached(now: at(250)) else {
            Issue.record("expected close")
            return
        }
        #expect(close.completions.map(\.pending) == [1, 2])
        #expect(close.completions[0].results.first?.failure?.code == .timeout)
        #expect(close.completions[1].results.first?.failure?.code == .connectionClosed)
        // A reply arriving after the close is ignored, never matched to anything.
        #expect(machine.replyReceived(ok()) == .none)
        guard case .reject(let error) = machine.writeRequested(
            id: 3, pending: 3, expectedReplies: 1, deadline: at(2000), label: "PING")
        else {
            Issue.record("expected rejection")
            return
        }
        #expect(error.code == .connectionClosed)
        #expect(error.commandWasNotSent)
    }

    @Test func timerWithNothingPendingDisarms() {
        var machine = readyMachine()
        #expect(machine.deadlineReached(now: at(5000)) == .none)
        #expect(machine.armedDeadline == nil)
    }

    @Test func cancellingARequestClosesTheConnectionAndFailsTheOthers() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 1, expectedReplies: 1, deadline: at(900), label: "A")
        _ = machine.writeRequested(id: 2, pending: 2, expectedReplies: 2, deadline: at(900), label: "B")
        guard case .close(let close) = machine.cancelRequested(id: 2) else {
            Issue.record("expected close")
            return
        }
        #expect(close.completions.map(\.pending) == [1, 2])
        #expect(close.completions[0].results.map { $0.failure?.code } == [.connectionClosed])
        #expect(close.completions[1].results.map { $0.failure?.code } == [.cancelled, .cancelled])
    }

    @Test func cancellingAnAnsweredRequestDoesNothing() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 1, expectedReplies: 1, deadline: at(900), label: "A")
        _ = machine.replyReceived(ok())
        #expect(machine.cancelRequested(id: 1) == .none)
        #expect(machine.state == .ready(protocolVersion: 3))
    }

    @Test func malformedBytesFailEverythingPendingButKeepReceivedReplies() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 1, expectedReplies: 3, deadline: at(900), label: "pipeline")
        _ = machine.writeRequested(id: 2, pending: 2, expectedReplies: 1, deadline: at(900), label: "GET")
        _ = machine.replyReceived(ok())
        let violation = RedisError(.protocolViolation, "bad bytes")
        guard case .close(let close) = machine.errorCaught(violation) else {
            Issue.record("expected close")
            return
        }
        #expect(close.completions[0].results == [.success(ok()), .failure(violation), .failure(violation)])
        #expect(close.completions[1].results == [.failure(violation)])
        #expect(machine.errorCaught(violation) == .none)
    }

    @Test func theServerClosingFailsPendingWithoutClosingAgain() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 1, expectedReplies: 1, deadline: at(900), label: "GET")
        guard case .close(let close) = machine.channelInactive() else {
            Issue.record("expected close")
            return
        }
        #expect(!close.closeChannel)
        #expect(close.completions[0].results.first?.failure?.code == .connectionClosed)
        #expect(machine.channelInactive() == .none)
    }

    @Test func gracefulCloseWaitsForPendingReplies() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 1, expectedReplies: 1, deadline: at(900), label: "GET")
        #expect(machine.closeRequested(graceful: true) == .none)
        #expect(machine.state == .closing)
        guard case .reject = machine.writeRequested(id: 2, pending: 2, expectedReplies: 1, deadline: at(900), label: "X")
        else {
            Issue.record("closing must refuse new requests")
            return
        }
        #expect(
            machine.replyReceived(ok()) == .complete(.init(pending: 1, results: [.success(ok())]), thenClose: true))
        guard case .closed = machine.state else {
            Issue.record("expected closed")
            return
        }
    }

    @Test func gracefulCloseWithNothingPendingClosesAtOnce() {
        var machine = readyMachine()
        #expect(machine.closeRequested(graceful: true) == .close(.init(completions: [], closeChannel: true)))
    }

    @Test func messagePushesAreDeliveredAndDoNotConsumeReplies() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 1, expectedReplies: 1, deadline: at(900), label: "PING")
        let message = RESPValue.push([.bulkString(ByteBuffer(string: "message")), .bulkString(ByteBuffer(string: "c")),
            .bulkString(ByteBuffer(string: "hi"))])
        #expect(machine.pushReceived(message) == .deliverPush(message))
        #expect(machine.pendingCount == 1)
    }

    @Test func subscribeIsAnsweredByOneConfirmationPushPerChannel() {
        var machine = readyMachine()
        _ = machine.writeRequested(
            id: 1, pending: 1, expectedReplies: 2, deadline: at(900), label: "SUBSCRIBE", confirmingPush: "subscribe")
        let first = confirmation("subscribe", "a", 1)
        let second = confirmation("subscribe", "b", 2)
        #expect(machine.pushReceived(first) == .none)
        #expect(
            machine.pushReceived(second) == .complete(.init(pending: 1, results: [.success(second)]), thenClose: false))
        // A confirmation nobody waits for (e.g. a server-side unsubscribe) is just passed on.
        let stray = confirmation("unsubscribe", "a", 1)
        #expect(machine.pushReceived(stray) == .deliverPush(stray))
    }

    @Test func aRefusedSubscribeFailsWithTheServerError() {
        var machine = readyMachine()
        _ = machine.writeRequested(
            id: 1, pending: 1, expectedReplies: 2, deadline: at(900), label: "SUBSCRIBE", confirmingPush: "subscribe")
        #expect(
            machine.replyReceived(.simpleError("NOPERM no channel"))
                == .complete(.init(pending: 1, results: [.failure(.server("NOPERM no channel"))]), thenClose: false))
    }

    @Test func aNormalReplyToASubscribeIsAProtocolViolation() {
        var machine = readyMachine()
        _ = machine.writeRequested(
            id: 1, pending: 1, expectedReplies: 1, deadline: at(900), label: "SUBSCRIBE", confirmingPush: "subscribe")
        guard case .close(let close) = machine.replyReceived(.integer(1)) else {
            Issue.record("expected close")
            return
        }
        #expect(close.completions.first?.results.first?.failure?.code == .protocolViolation)
    }

    @Test func pushesDuringTheHandshakeAreIgnored() {
        var machine = Machine(handshake: Self.noAuth, handshakeTimeout: .seconds(5))
        _ = machine.channelActive(now: at(0))
        #expect(machine.pushReceived(confirmation("subscribe", "x", 1)) == .none)
        #expect(machine.state == .handshaking)
    }

    @Test func tenThousandPipelinedRepliesCompleteInOrder() {
        var machine = readyMachine()
        _ = machine.writeRequested(id: 1, pending: 1, expectedReplies: 10_000, deadline: at(900), label: "pipeline")
        var completion: Machine.Completion?
        for index in 1...10_000 {
            if case .complete(let done, _) = machine.replyReceived(.integer(Int64(index))) { completion = done }
        }
        let values = completion?.results.compactMap { try? $0.get().int }
        #expect(values == (1...10_000).map(Int64.init))
    }

    func confirmation(_ kind: String, _ channel: String, _ count: Int64) -> RESPValue {
        .push([.bulkString(ByteBuffer(string: kind)), .bulkString(ByteBuffer(string: channel)), .integer(count)])
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
