import RESP
import Testing

@testable import RedisClient

@Suite struct HandshakeTests {
    typealias Settings = RedisHandshake.Settings

    @Test func helloCarriesAuthAndName() {
        var handshake = RedisHandshake(
            settings: Settings(username: "app", password: "pw", clientName: "worker-1", database: 0))
        #expect(handshake.start() == RESPCommand("HELLO", "3", "AUTH", "app", "pw", "SETNAME", "worker-1"))
        #expect(handshake.replyReceived(.map([])) == .succeeded(protocolVersion: 3))
    }

    @Test func passwordWithoutUserAuthenticatesTheDefaultUser() {
        var handshake = RedisHandshake(settings: Settings(username: nil, password: "pw", clientName: nil, database: 0))
        #expect(handshake.start() == RESPCommand("HELLO", "3", "AUTH", "default", "pw"))
    }

    @Test func selectFollowsHelloForANonZeroDatabase() {
        var handshake = RedisHandshake(settings: Settings(username: nil, password: nil, clientName: nil, database: 4))
        _ = handshake.start()
        #expect(handshake.replyReceived(.map([])) == .send(RESPCommand("SELECT", "4")))
        #expect(handshake.replyReceived(.simpleString("OK")) == .succeeded(protocolVersion: 3))
    }

    @Test func anOldServerGetsTheRESP2Sequence() {
        var handshake = RedisHandshake(
            settings: Settings(username: "app", password: "pw", clientName: "n", database: 2))
        _ = handshake.start()
        #expect(
            handshake.replyReceived(.simpleError("ERR unknown command 'HELLO'"))
                == .send(RESPCommand("AUTH", "app", "pw")))
        #expect(handshake.replyReceived(.simpleString("OK")) == .send(RESPCommand("CLIENT", "SETNAME", "n")))
        #expect(handshake.replyReceived(.simpleString("OK")) == .send(RESPCommand("SELECT", "2")))
        #expect(handshake.replyReceived(.simpleString("OK")) == .succeeded(protocolVersion: 2))
    }

    @Test func noProtoWithoutCredentialsSkipsAuth() {
        var handshake = RedisHandshake(settings: Settings(username: nil, password: nil, clientName: nil, database: 0))
        _ = handshake.start()
        #expect(handshake.replyReceived(.simpleError("NOPROTO unsupported protocol version")) == .succeeded(protocolVersion: 2))
    }

    @Test func legacyAuthWithoutUsernameSendsOnlyThePassword() {
        var handshake = RedisHandshake(settings: Settings(username: nil, password: "pw", clientName: nil, database: 0))
        _ = handshake.start()
        #expect(handshake.replyReceived(.simpleError("ERR unknown command")) == .send(RESPCommand("AUTH", "pw")))
    }

    @Test(arguments: [
        "WRONGPASS invalid username-password pair or user is disabled.",
        "NOAUTH HELLO must be called with the client already authenticated",
    ])
    func credentialErrorsFailAsAuthenticationFailed(serverMessage: String) throws {
        var handshake = RedisHandshake(
            settings: Settings(username: "app", password: "hunter2", clientName: nil, database: 0))
        _ = handshake.start()
        guard case .failed(let error) = handshake.replyReceived(.simpleError(serverMessage)) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.code == .authenticationFailed)
        #expect(!error.message.contains("hunter2"))
    }

    @Test func aServerEchoingThePasswordIsScrubbed() {
        var handshake = RedisHandshake(
            settings: Settings(username: "app", password: "hunter2", clientName: nil, database: 0))
        _ = handshake.start()
        _ = handshake.replyReceived(.simpleError("ERR unknown command"))
        guard case .failed(let error) = handshake.replyReceived(.simpleError("ERR bad password hunter2")) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.code == .authenticationFailed)
        #expect(!error.message.contains("hunter2"))
        #expect(!"\(error)".contains("hunter2"))
    }

    @Test func aRefusedSelectFailsWithTheServerMessage() {
        var handshake = RedisHandshake(settings: Settings(username: nil, password: nil, clientName: nil, database: 99))
        _ = handshake.start()
        _ = handshake.replyReceived(.map([]))
        guard case .failed(let error) = handshake.replyReceived(.simpleError("ERR DB index is out of range")) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.code == .server)
        #expect(error.message.contains("SELECT 99"))
    }

    @Test func aReplyAfterTheHandshakeIsAViolation() {
        var handshake = RedisHandshake(settings: Settings(username: nil, password: nil, clientName: nil, database: 0))
        _ = handshake.start()
        _ = handshake.replyReceived(.map([]))
        guard case .failed(let error) = handshake.replyReceived(.simpleString("OK")) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.code == .protocolViolation)
    }
}
