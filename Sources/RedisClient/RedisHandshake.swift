import RESP

/// The commands that make a fresh connection usable, as a pure value fed with replies.
///
/// `HELLO 3 [AUTH user pass] [SETNAME name]` → `SELECT db` (when db ≠ 0). A server that answers
/// HELLO with an error that is not about credentials (Redis < 6: unknown command; RESP3 refused:
/// NOPROTO) gets the RESP2 sequence instead: `AUTH [user] pass` → `CLIENT SETNAME` → `SELECT`.
/// No message built here contains the password, even if a server were to echo it.
struct RedisHandshake: Sendable, Equatable {
    struct Settings: Sendable, Equatable {
        var username: String?
        var password: String?
        var clientName: String?
        var database: Int
    }

    enum Step: Sendable, Equatable {
        case notStarted, hello, auth, setName, select, finished
    }

    enum Outcome: Sendable, Equatable {
        case send(RESPCommand)
        case succeeded(protocolVersion: Int)
        case failed(RedisError)
    }

    let settings: Settings
    private(set) var step: Step = .notStarted
    private(set) var protocolVersion = 3

    init(settings: Settings) {
        self.settings = settings
    }

    mutating func start() -> RESPCommand {
        step = .hello
        var arguments = ["3"]
        if let password = settings.password {
            arguments += ["AUTH", settings.username ?? "default", password]
        }
        if let name = settings.clientName {
            arguments += ["SETNAME", name]
        }
        return RESPCommand("HELLO", arguments: arguments)
    }

    mutating func replyReceived(_ reply: RESPValue) -> Outcome {
        let error = reply.errorMessage
        switch step {
        case .hello:
            if let error {
                if Self.isCredentialError(error) { return fail(authenticationFailure(error)) }
                protocolVersion = 2
                return afterHelloFailure()
            }
            return afterNameSet()
        case .auth:
            if let error { return fail(authenticationFailure(error)) }
            return afterAuth()
        case .setName:
            if let error { return fail(RedisError(.server, "CLIENT SETNAME failed: \(scrubbed(error))")) }
            return afterNameSet()
        case .select:
            if let error {
                return fail(RedisError(.server, "SELECT \(settings.database) failed: \(scrubbed(error))"))
            }
            step = .finished
            return .succeeded(protocolVersion: protocolVersion)
        case .notStarted, .finished:
            return fail(RedisError(.protocolViolation, "reply received outside the handshake"))
        }
    }

    private mutating func afterHelloFailure() -> Outcome {
        guard let password = settings.password else { return afterAuth() }
        step = .auth
        if let username = settings.username {
            return .send(RESPCommand("AUTH", username, password))
        }
        return .send(RESPCommand("AUTH", password))
    }

    private mutating func afterAuth() -> Outcome {
        if let name = settings.clientName {
            step = .setName
            return .send(RESPCommand("CLIENT", "SETNAME", name))
        }
        return afterNameSet()
    }

    private mutating func afterNameSet() -> Outcome {
        if settings.database != 0 {
            step = .select
            return .send(RESPCommand("SELECT", String(settings.database)))
        }
        step = .finished
        return .succeeded(protocolVersion: protocolVersion)
    }

    private mutating func fail(_ error: RedisError) -> Outcome {
        step = .finished
        return .failed(error)
    }

    private func authenticationFailure(_ serverMessage: String) -> RedisError {
        let who = settings.username.map { "user '\($0)'" } ?? "the default user"
        let detail =
            settings.password == nil
            ? "the server requires a password and none is configured"
            : "credentials for \(who) were refused"
        return RedisError(.authenticationFailed, "authentication failed: \(detail) (\(scrubbed(serverMessage)))")
    }

    /// Redis's own classification: WRONGPASS (bad credentials), NOAUTH (credentials required).
    static func isCredentialError(_ message: String) -> Bool {
        message.hasPrefix("WRONGPASS") || message.hasPrefix("NOAUTH")
    }

    private func scrubbed(_ message: String) -> String {
        guard let password = settings.password, !password.isEmpty else { return message }
        return message.replacing(password, with: "***")
    }
}
