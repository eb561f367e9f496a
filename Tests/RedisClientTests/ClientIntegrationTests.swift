import NIOCore
import RESP
import RedisClient
import RedisTestSupport
import Testing

/// Against real redis-server processes started by the tests (127.0.0.1, free ports).
@Suite(requiresRedisServer, .timeLimit(.minutes(1))) struct ClientIntegrationTests {
    static let password = "Sup3r:s3cret@/%x"

    @Test func handshakeWithAnACLUserAndClientName() async throws {
        try await withRedisServer(.init(username: "app", password: Self.password)) { server in
            var configuration = try configuration(server)
            #expect(configuration.password == Self.password)
            configuration.clientName = "spyglass-test"
            try await withRunningClient(configuration) { client in
                #expect(try await client.send(RESPCommand("ACL", "WHOAMI")).string == "app")
                #expect(try await client.send(RESPCommand("CLIENT", "GETNAME")).string == "spyglass-test")
                let info = try await client.send(RESPCommand("CLIENT", "INFO")).string ?? ""
                #expect(info.contains("resp=3"))
            }
        }
    }

    @Test func aWrongPasswordFailsAsAuthenticationFailedWithoutLeakingIt() async throws {
        try await withRedisServer(.init(username: "app", password: Self.password)) { server in
            var configuration = try configuration(server)
            configuration.password = "Wr0ngPassw0rd-xyz"
            let started = ContinuousClock.now
            try await withRunningClient(configuration) { client in
                let error = await redisError { try await client.send(RESPCommand("PING")) }
                #expect(error?.code == .authenticationFailed)
                #expect(error?.message.contains("Wr0ngPassw0rd-xyz") == false)
                #expect("\(String(describing: error))".contains("Wr0ngPassw0rd-xyz") == false)
            }
            // Refused credentials fail the waiting caller at once, not after the 10 s connect timeout.
            #expect(ContinuousClock.now - started < .seconds(8))
        }
    }

    @Test func noPasswordAgainstAProtectedServer() async throws {
        try await withRedisServer(.init(username: "app", password: Self.password)) { server in
            var configuration = try configuration(server)
            configuration.username = nil
            configuration.password = nil
            try await withRunningClient(configuration) { client in
                let error = await redisError { try await client.send(RESPCommand("PING")) }
                #expect(error?.code == .authenticationFailed)
            }
        }
    }

    @Test func selectsTheConfiguredDatabase() async throws {
        try await withRedisServer { server in
            try await withRunningClient(try configuration(server, database: 3)) { db3 in
                try await withRunningClient(try configuration(server, database: 0)) { db0 in
                    _ = try await db3.send(RESPCommand("SET", "where", "three"))
                    #expect(try await db0.send(RESPCommand("GET", "where")).isNull)
                    #expect(try await db3.send(RESPCommand("GET", "where")).string == "three")
                    let info = try await db3.send(RESPCommand("CLIENT", "INFO")).string ?? ""
                    #expect(info.contains("db=3"))
                }
            }
        }
    }

    @Test func aDatabaseTheServerDoesNotHaveFailsWithItsMessage() async throws {
        try await withRedisServer { server in
            try await withRunningClient(try configuration(server, database: 99)) { client in
                let error = await redisError { try await client.send(RESPCommand("PING")) }
                #expect(error?.code == .server)
                #expect(error?.message.contains("SELECT 99") == true)
            }
        }
    }

    @Test func aServerWithoutHELLOGetsTheRESP2Handshake() async throws {
        let options = TestRedisServer.Options(
            username: "app", password: Self.password, extraArguments: ["--rename-command", "HELLO", ""])
        try await withRedisServer(options) { server in
            var configuration = try configuration(server, database: 2)
            configuration.clientName = "legacy"
            try await withRunningClient(configuration) { client in
                let info = try await client.send(RESPCommand("CLIENT", "INFO")).string ?? ""
                #expect(info.contains("resp=2"))
                #expect(info.contains("name=legacy"))
                #expect(info.contains("db=2"))
                #expect(info.contains("user=app"))
            }
        }
    }

    @Test func tenThousandPipelinedCommandsOnOneConnectionInOrder() async throws {
        try await withRedisServer { server in
            var configuration = try configuration(server)
            configuration.poolSize = 1
            try await withRunningClient(configuration) { client in
                let commands = Array(repeating: RESPCommand("INCR", "counter"), count: 10_000)
                let results = try await client.pipeline(commands)
                #expect(results.count == 10_000)
                #expect(results.map { try? $0.get().int } == (1...10_000).map { Int64($0) })
                let clients = try await client.send(RESPCommand("INFO", "clients")).string ?? ""
                #expect(clients.contains("connected_clients:1\r\n"))
            }
        }
    }

    @Test func errorRepliesFailOnlyTheirOwnCommand() async throws {
        try await withRedisServer { server in
            try await withRunningClient(try configuration(server)) { client in
                let results = try await client.pipeline([
                    RESPCommand("SET", "k", "1"), RESPCommand("LPUSH", "k", "x"), RESPCommand("INCR", "k"),
                ])
                #expect(results[0].isSuccess)
                #expect(results[1].failure?.serverErrorPrefix == "WRONGTYPE")
                #expect(try results[2].get().int == 2)
                let error = await redisError { try await client.send(RESPCommand("NOSUCHCOMMAND")) }
                #expect(error?.code == .server)
                #expect(error?.serverErrorPrefix == "ERR")
            }
        }
    }

    @Test func concurrentCallersShareASmallPool() async throws {
        try await withRedisServer { server in
            var configuration = try configuration(server)
            configuration.poolSize = 2
            try await withRunningClient(configuration) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            _ = try await client.send(RESPCommand("SET", "key\(index)", "\(index)"))
                            #expect(try await client.send(RESPCommand("GET", "key\(index)")).string == "\(index)")
                        }
                    }
                    try await group.waitForAll()
                }
                let clients = try await client.send(RESPCommand("INFO", "clients")).string ?? ""
                #expect(clients.contains("connected_clients:2\r\n") || clients.contains("connected_clients:1\r\n"))
            }
        }
    }

    @Test func aCommandPastItsDeadlineFailsWithTimeoutAndTheClientRecovers() async throws {
        try await withRedisServer { server in
            try await withRunningClient(try configuration(server)) { client in
                _ = try await client.send(RESPCommand("PING"))  // connected before the clock starts
                let started = ContinuousClock.now
                let error = await redisError {
                    try await client.send(RESPCommand("BLPOP", "nothing-here", "30"), timeout: .milliseconds(200))
                }
                #expect(error?.code == .timeout)
                // Long before BLPOP's own 30 s: the deadline, not the server, ended the call.
                #expect(ContinuousClock.now - started < .seconds(10))
                let pong = try await client.send(RESPCommand("PING"))
                #expect(pong.string == "PONG")
            }
        }
    }

    @Test func cancellationReturnsAtOnceAndTheAbandonedReplyIsNeverConsumed() async throws {
        try await withRedisServer { server in
            try await withRunningClient(try configuration(server)) { client in
                _ = try await client.send(RESPCommand("PING"))  // connected before the clock starts
                let started = ContinuousClock.now
                let error = await withTaskGroup(of: RedisError?.self) { group in
                    group.addTask {
                        await redisError { try await client.send(RESPCommand("BLPOP", "jobs", "30"), timeout: .seconds(60)) }
                    }
                    try? await Task.sleep(for: .milliseconds(200))
                    group.cancelAll()
                    return await group.next() ?? nil
                }
                #expect(error?.code == .cancelled)
                // Long before BLPOP's own 30 s.
                #expect(ContinuousClock.now - started < .seconds(10))
                // The cancelled BLPOP's connection is closed, so the server stops blocking for it
                // and a pushed element stays in the list.
                let unblocked = try await eventually {
                    let clients = try await client.send(RESPCommand("INFO", "clients")).string ?? ""
                    return clients.contains("blocked_clients:0\r\n")
                }
                #expect(unblocked)
                _ = try await client.send(RESPCommand("RPUSH", "jobs", "j1"))
                #expect(try await client.send(RESPCommand("LLEN", "jobs")).int == 1)
            }
        }
    }

    @Test func anAlreadyCancelledCallerSendsNothing() async throws {
        try await withRedisServer { server in
            try await withRunningClient(try configuration(server)) { client in
                _ = try await client.send(RESPCommand("PING"))  // a warm connection
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return await redisError { try await client.send(RESPCommand("INCR", "never")) }
                }
                #expect(await task.value?.code == .cancelled)
                #expect(try await client.send(RESPCommand("GET", "never")).isNull)
            }
        }
    }

    @Test func evalshaFallsBackToEvalWhenTheScriptIsNotCached() async throws {
        try await withRedisServer { server in
            try await withRunningClient(try configuration(server)) { client in
                let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
                #expect(try await client.evaluate(script, keys: ["n"], arguments: ["5"]).int == 5)
                #expect(try await client.evaluate(script, keys: ["n"], arguments: ["5"]).int == 10)
                _ = try await client.send(RESPCommand("SCRIPT", "FLUSH"))
                #expect(try await client.evaluate(script, keys: ["n"], arguments: ["1"]).int == 11)
                let exists = try await client.send(RESPCommand("SCRIPT", "EXISTS", script.sha1))
                #expect(exists.array?.first?.int == 1)
                let loaded = try await client.send(RESPCommand("SCRIPT", "LOAD", script.source))
                #expect(loaded.string == script.sha1)
                let error = await redisError {
                    try await client.evaluate(RedisScript("return redis.call('NOPE')"), keys: [], arguments: [])
                }
                #expect(error?.code == .server)
            }
        }
    }

    @Test func theClientReconnectsByItselfAfterARestart() async throws {
        try await withRedisServer(.init(appendOnly: true)) { server in
            try await withRunningClient(try configuration(server)) { client in
                _ = try await client.send(RESPCommand("SET", "survives", "yes"))
                try await server.restart()
                #expect(try await client.send(RESPCommand("GET", "survives")).string == "yes")
                _ = try await client.send(RESPCommand("SET", "after-kill", "also"))
                try await server.kill()
                try await server.start()
                #expect(try await client.send(RESPCommand("GET", "after-kill")).string == "also")
            }
        }
    }

    @Test func aServerThatIsDownGivesNotConnectedThenRecovers() async throws {
        try await withRedisServer { server in
            var configuration = try configuration(server)
            configuration.connectTimeout = .milliseconds(500)
            try await withRunningClient(configuration) { client in
                try await server.stop()
                let error = await redisError { try await client.send(RESPCommand("PING")) }
                #expect(error?.code == .notConnected)
                try await server.start()
                // The client finds the server again by itself (the first try may still be in its
                // back-off on a loaded machine).
                let recovered = await eventually {
                    (try? await client.send(RESPCommand("PING")))?.string == "PONG"
                }
                #expect(recovered)
            }
        }
    }

    @Test func commandsBeforeRunWaitABoundedTime() async throws {
        try await withRedisServer { server in
            var configuration = try configuration(server)
            configuration.connectTimeout = .milliseconds(300)
            let idle = RedisClient(configuration: configuration, logger: quietLogger)
            let error = await redisError { try await idle.send(RESPCommand("PING")) }
            #expect(error?.code == .notConnected)
            #expect(error?.message.contains("run()") == true)

            // A command sent just before run() starts is served once it does.
            configuration.connectTimeout = .seconds(10)
            let client = RedisClient(configuration: configuration, logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let pong = try await client.send(RESPCommand("PING"))
                    #expect(pong.string == "PONG")
                }
                try await Task.sleep(for: .milliseconds(100))
                group.addTask { try await client.run() }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    @Test func afterRunEndsCommandsFailAndRunCannotRestart() async throws {
        try await withRedisServer { server in
            let client = RedisClient(configuration: try configuration(server), logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                _ = try await client.send(RESPCommand("PING"))
                group.cancelAll()
                try await group.waitForAll()
            }
            let error = await redisError { try await client.send(RESPCommand("PING")) }
            #expect(error?.code == .notConnected)
            await #expect(throws: RedisError.self) { try await client.run() }
        }
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}

@Suite(requiresRedisServer, .timeLimit(.minutes(1))) struct TLSIntegrationTests {
    /// No TLS server here: a TLS client against a plain server must fail cleanly (the TLS handler
    /// is in the pipeline and its failure surfaces as an error, not a crash or a hang).
    @Test func tlsAgainstAPlainServerFailsCleanly() async throws {
        try await withRedisServer { server in
            var configuration = try configuration(server)
            configuration.tls = true
            configuration.connectTimeout = .milliseconds(500)
            try await withRunningClient(configuration) { client in
                let error = await redisError { try await client.send(RESPCommand("PING")) }
                #expect(error?.code == .notConnected)
            }
        }
    }
}
