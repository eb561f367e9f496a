import Foundation

/// The client side of one SMTP session as a pure value: every input returns the one thing the
/// driver must do next. No I/O here, so tests drive it without sockets.
///
/// greeting 220 → EHLO 250 → [AUTH PLAIN 235] → MAIL FROM 250 → RCPT TO 250/251 (each)
/// → DATA 354 → message 250 → QUIT.
/// After a refusal we still send QUIT (politeness), but the outcome is already decided.
struct SMTPSessionStateMachine {
    struct Envelope: Sendable, Hashable {
        var from: String
        var recipients: [String]
    }

    struct Credentials: Sendable, Hashable {
        var username: String
        var password: String
    }

    enum Outcome: Equatable {
        case success
        case failure(SMTPError)
    }

    enum Action: Equatable {
        /// Write this command line (CRLF is added by the driver) and arm the step timeout.
        case send(String)
        /// Write the prepared, dot-stuffed message and arm the step timeout.
        case sendMessage
        /// Stop the timer, report the outcome, close the connection.
        case close(Outcome)
        case none
    }

    fileprivate enum State: Equatable {
        case awaitingGreeting
        case awaitingEHLO
        case awaitingAuth
        case awaitingMailFrom
        case awaitingRecipient(index: Int)
        case awaitingDataGoAhead
        case awaitingDataAccepted
        case quitting(Outcome)
        case closed
    }

    private var state: State = .awaitingGreeting
    private let envelope: Envelope
    private let heloName: String
    private let credentials: Credentials?

    init(envelope: Envelope, heloName: String, credentials: Credentials?) {
        self.envelope = envelope
        self.heloName = heloName
        self.credentials = credentials
    }

    mutating func replyReceived(_ reply: SMTPReply) -> Action {
        // 421: the server is closing the channel; QUIT would go nowhere.
        if reply.code == 421, !state.isFinishing {
            return close(.failure(SMTPError(.unexpectedReply, "server closing while \(state.step)", reply: reply)))
        }
        switch state {
        case .awaitingGreeting:
            guard reply.code == 220 else { return refuse(.unexpectedReply, reply) }
            state = .awaitingEHLO
            return .send("EHLO \(heloName)")
        case .awaitingEHLO:
            guard reply.code == 250 else { return refuse(.unexpectedReply, reply) }
            if let credentials {
                state = .awaitingAuth
                return .send("AUTH PLAIN \(Self.plainToken(credentials))")
            }
            return mailFrom()
        case .awaitingAuth:
            guard reply.code == 235 else { return refuse(.authenticationFailed, reply) }
            return mailFrom()
        case .awaitingMailFrom:
            guard reply.code == 250 else { return refuse(.unexpectedReply, reply) }
            return recipient(at: 0)
        case .awaitingRecipient(let index):
            guard reply.code == 250 || reply.code == 251 else {
                let error = SMTPError(
                    .rejectedRecipient, "recipient <\(envelope.recipients[index])> refused", reply: reply)
                return quit(.failure(error))
            }
            return recipient(at: index + 1)
        case .awaitingDataGoAhead:
            guard reply.code == 354 else { return refuse(.unexpectedReply, reply) }
            state = .awaitingDataAccepted
            return .sendMessage
        case .awaitingDataAccepted:
            guard reply.code == 250 else { return refuse(.unexpectedReply, reply) }
            return quit(.success)
        case .quitting(let outcome):
            return close(outcome)
        case .closed:
            return .none
        }
    }

    /// The per-step timer fired. While quitting the outcome is already known, so it stands.
    mutating func timedOut() -> Action {
        switch state {
        case .quitting(let outcome): return close(outcome)
        case .closed: return .none
        default: return close(.failure(SMTPError(.timeout, "no reply while \(state.step)")))
        }
    }

    /// The decoder or the channel reported an error (malformed bytes, I/O failure).
    mutating func errorCaught(_ error: SMTPError) -> Action {
        switch state {
        case .quitting(let outcome): return close(outcome)
        case .closed: return .none
        default: return close(.failure(error))
        }
    }

    mutating func connectionClosed() -> Action {
        switch state {
        case .quitting(let outcome): return close(outcome)
        case .closed: return .none
        default: return close(.failure(SMTPError(.connectionFailed, "server closed the connection while \(state.step)")))
        }
    }

    private mutating func mailFrom() -> Action {
        state = .awaitingMailFrom
        return .send("MAIL FROM:<\(envelope.from)>")
    }

    private mutating func recipient(at index: Int) -> Action {
        guard index < envelope.recipients.count else {
            state = .awaitingDataGoAhead
            return .send("DATA")
        }
        state = .awaitingRecipient(index: index)
        return .send("RCPT TO:<\(envelope.recipients[index])>")
    }

    private mutating func refuse(_ code: SMTPError.Code, _ reply: SMTPReply) -> Action {
        quit(.failure(SMTPError(code, "server refused while \(state.step)", reply: reply)))
    }

    private mutating func quit(_ outcome: Outcome) -> Action {
        state = .quitting(outcome)
        return .send("QUIT")
    }

    private mutating func close(_ outcome: Outcome) -> Action {
        state = .closed
        return .close(outcome)
    }

    /// RFC 4616: base64("" NUL username NUL password).
    private static func plainToken(_ credentials: Credentials) -> String {
        let bytes = [0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8)
        return Data(bytes).base64EncodedString()
    }
}

extension SMTPSessionStateMachine.State {
    fileprivate var isFinishing: Bool {
        switch self {
        case .quitting, .closed: return true
        default: return false
        }
    }

    /// For error messages: what we were waiting for.
    fileprivate var step: String {
        switch self {
        case .awaitingGreeting: return "awaiting greeting"
        case .awaitingEHLO: return "awaiting EHLO reply"
        case .awaitingAuth: return "awaiting AUTH reply"
        case .awaitingMailFrom: return "awaiting MAIL FROM reply"
        case .awaitingRecipient: return "awaiting RCPT TO reply"
        case .awaitingDataGoAhead: return "awaiting DATA reply"
        case .awaitingDataAccepted: return "awaiting message acceptance"
        case .quitting: return "quitting"
        case .closed: return "closed"
        }
    }
}
