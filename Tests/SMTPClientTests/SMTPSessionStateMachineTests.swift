import Testing

@testable import SMTPClient

private func reply(_ code: Int, _ text: String = "ok") -> SMTPReply { SMTPReply(code: code, lines: [text]) }

private func machine(credentials: SMTPSessionStateMachine.Credentials? = nil) -> SMTPSessionStateMachine {
    SMTPSessionStateMachine(
        envelope: .init(from: "a@example.com", recipients: ["b@example.com", "c@example.com"]),
        heloName: "me.test", credentials: credentials)
}

@Test func happyPathWithAuth() {
    var session = machine(credentials: .init(username: "u", password: "p"))
    #expect(session.replyReceived(reply(220)) == .send("EHLO me.test"))
    #expect(session.replyReceived(reply(250)) == .send("AUTH PLAIN AHUAcA=="))
    #expect(session.replyReceived(reply(235)) == .send("MAIL FROM:<a@example.com>"))
    #expect(session.replyReceived(reply(250)) == .send("RCPT TO:<b@example.com>"))
    #expect(session.replyReceived(reply(250)) == .send("RCPT TO:<c@example.com>"))
    #expect(session.replyReceived(reply(251)) == .send("DATA"))
    #expect(session.replyReceived(reply(354)) == .sendMessage)
    #expect(session.replyReceived(reply(250)) == .send("QUIT"))
    #expect(session.replyReceived(reply(221)) == .close(.success))
    #expect(session.replyReceived(reply(250)) == .none)
    #expect(session.timedOut() == .none)
}

@Test func withoutCredentialsSkipsAuth() {
    var session = machine()
    _ = session.replyReceived(reply(220))
    #expect(session.replyReceived(reply(250)) == .send("MAIL FROM:<a@example.com>"))
}

@Test func refusedGreetingQuitsThenFails() {
    var session = machine()
    #expect(session.replyReceived(reply(554, "go away")) == .send("QUIT"))
    let expected = SMTPError(.unexpectedReply, "server refused while awaiting greeting", replyCode: 554, replyText: "go away")
    #expect(session.replyReceived(reply(221)) == .close(.failure(expected)))
}

@Test func refusedAuthIsAuthenticationFailed() {
    var session = machine(credentials: .init(username: "u", password: "p"))
    _ = session.replyReceived(reply(220))
    _ = session.replyReceived(reply(250))
    #expect(session.replyReceived(reply(535, "bad credentials")) == .send("QUIT"))
    guard case .close(.failure(let error)) = session.connectionClosed() else {
        Issue.record("expected failure")
        return
    }
    #expect(error.code == .authenticationFailed)
    #expect(error.replyCode == 535)
}

@Test func serviceClosing421ClosesWithoutQuit() {
    var session = machine()
    _ = session.replyReceived(reply(220))
    guard case .close(.failure(let error)) = session.replyReceived(reply(421, "shutting down")) else {
        Issue.record("expected immediate close")
        return
    }
    #expect(error.replyCode == 421)
}

@Test func timeoutWhileQuittingKeepsSuccess() {
    var session = machine()
    for code in [220, 250, 250, 250, 250, 354] { _ = session.replyReceived(reply(code)) }
    #expect(session.replyReceived(reply(250)) == .send("QUIT"))
    #expect(session.timedOut() == .close(.success))
}

@Test func connectionLossMidSessionFails() {
    var session = machine()
    _ = session.replyReceived(reply(220))
    guard case .close(.failure(let error)) = session.connectionClosed() else {
        Issue.record("expected failure")
        return
    }
    #expect(error.code == .connectionFailed)
    #expect(session.connectionClosed() == .none)
}

@Test func malformedReplyFails() {
    var session = machine()
    let malformed = SMTPError(.malformedReply, "bad")
    #expect(session.errorCaught(malformed) == .close(.failure(malformed)))
}
