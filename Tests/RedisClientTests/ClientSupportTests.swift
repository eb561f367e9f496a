import ClientSupport
import NIOCore
import NIOPosix
import Synchronization
import Testing

// ClientSupport is shared by the Redis and AMQP clients; its tests live here, beside the Redis
// client's, rather than in a test target of their own.

@Suite struct FIFOTests {
    @Test func keepsOrderAcrossCompaction() {
        var fifo = FIFO<Int>()
        var expected = 0
        for value in 0..<1000 {
            fifo.append(value)
            if value % 3 == 0, let first = fifo.popFirst() {
                #expect(first == expected)
                expected += 1
            }
        }
        #expect(fifo.elements.first == expected)
        while let first = fifo.popFirst() {
            #expect(first == expected)
            expected += 1
        }
        #expect(expected == 1000)
        #expect(fifo.isEmpty)
        #expect(fifo.popFirst() == nil)
    }

    @Test func mutatesTheFirstElementInPlaceAndRemovesByPredicate() {
        var fifo = FIFO<[Int]>()
        fifo.append([1])
        fifo.append([2])
        fifo.withFirst { $0.append(9) }
        #expect(fifo.first == [1, 9])
        #expect(fifo.contains(where: { $0 == [2] }))
        #expect(fifo.removeFirst(where: { $0 == [2] }) == [2])
        #expect(!fifo.contains(where: { $0 == [2] }))
        #expect(fifo.removeFirst(where: { $0 == [7] }) == nil)
        #expect(fifo.count == 1)
        #expect(fifo.removeAll() == [[1, 9]])
        #expect(fifo.withFirst { $0.append(1) } == nil)
    }

    @Test func consumedElementsAreNotFoundAgain() {
        var fifo = FIFO<Int>()
        for value in 0..<200 { fifo.append(value) }
        for _ in 0..<150 { _ = fifo.popFirst() }
        #expect(!fifo.contains(where: { $0 < 150 }))
        #expect(fifo.removeFirst(where: { $0 == 10 }) == nil)
        #expect(Array(fifo.elements) == Array(150..<200))
    }
}

@Suite struct WaiterSlotsTests {
    @Test func handsValuesToEarlyAndLateWaiters() async {
        var slots = WaiterSlots<Int>()
        slots.add(1)
        let first = slots.fulfill(1, 10)
        let second = slots.fulfill(1, 11)
        #expect(first && !second)
        #expect(!slots.isWaiting(1))
        #expect(slots.take(1) == 10)
        #expect(slots.take(1) == nil)
        let unknown = slots.fulfill(2, 1)
        #expect(!unknown)
    }

    @Test func aParkedWaiterIsResumedByFulfil() async {
        var slots = WaiterSlots<Int>()
        slots.add(7)
        let value = await withCheckedContinuation { continuation in
            slots.park(7, continuation, fallback: -1)
            slots.fulfill(7, 42)
        }
        #expect(value == 42)
        #expect(slots.waitingIDs.isEmpty)
    }

    @Test func parkingOnAnUnknownSlotResumesWithTheFallback() async {
        var slots = WaiterSlots<Int>()
        let value = await withCheckedContinuation { continuation in
            slots.park(3, continuation, fallback: -1)
        }
        #expect(value == -1)
    }

    @Test func waitingIDsAreOldestFirst() {
        var slots = WaiterSlots<Int>()
        for id: UInt64 in [9, 2, 5, 1] { slots.add(id) }
        slots.fulfill(5, 0)
        #expect(slots.waitingIDs == [1, 2, 9])
        #expect(slots.isWaiting(2))
        #expect(!slots.isWaiting(5))
    }
}

@Suite struct WithDeadlineTests {
    actor Gate {
        private var continuation: CheckedContinuation<String, Never>?
        private var value: String?
        func wait() async -> String {
            if let value { return value }
            return await withCheckedContinuation { continuation = $0 }
        }
        func open(_ value: String) {
            self.value = value
            continuation?.resume(returning: value)
            continuation = nil
        }
    }

    @Test func aValueBeforeTheDeadlineWins() async {
        let gate = Gate()
        await gate.open("value")
        let result = await withDeadline(.seconds(10)) { await gate.wait() } expire: { _ in
            Issue.record("must not expire")
        }
        #expect(result == "value")
    }

    @Test func expiryMakesTheWaiterAnswer() async {
        let gate = Gate()
        let result = await withDeadline(.milliseconds(20)) { await gate.wait() } expire: { cancelled in
            await gate.open(cancelled ? "cancelled" : "expired")
        }
        #expect(result == "expired")
    }

    @Test func cancellationExpiresAtOnce() async {
        let gate = Gate()
        let task = Task {
            await withDeadline(.seconds(60)) { await gate.wait() } expire: { cancelled in
                await gate.open(cancelled ? "cancelled" : "expired")
            }
        }
        task.cancel()
        #expect(await task.value == "cancelled")
    }
}

@Suite struct ReconnectBackoffTests {
    @Test func doublesUpToTheCap() {
        let backoff = ReconnectBackoff(base: .milliseconds(100), cap: .seconds(2))
        #expect(backoff.nominalDelay(afterFailures: 1) == .milliseconds(100))
        #expect(backoff.nominalDelay(afterFailures: 2) == .milliseconds(200))
        #expect(backoff.nominalDelay(afterFailures: 4) == .milliseconds(800))
        #expect(backoff.nominalDelay(afterFailures: 6) == .seconds(2))
        #expect(backoff.nominalDelay(afterFailures: Int.max) == .seconds(2))
        #expect(backoff.nominalDelay(afterFailures: 0) == .milliseconds(100))
    }

    @Test func isJitteredWithinHalfToFull() {
        let backoff = ReconnectBackoff(base: .milliseconds(100), cap: .seconds(1))
        #expect(backoff.delay(afterFailures: 2, randomFraction: 0) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 2, randomFraction: 1) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 2, randomFraction: 7) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 2, randomFraction: -3) == .milliseconds(100))
        for _ in 0..<100 {
            let delay = backoff.delay(afterFailures: 3)
            #expect(delay >= .milliseconds(200) && delay <= .milliseconds(400))
        }
    }

    @Test func nonsenseValuesStayNonNegative() {
        let backoff = ReconnectBackoff(base: .seconds(-1), cap: .seconds(-5))
        #expect(backoff.delay(afterFailures: 3) == .zero)
        let inverted = ReconnectBackoff(base: .seconds(10), cap: .seconds(1))
        #expect(inverted.nominalDelay(afterFailures: 1) == .seconds(1))
    }
}

@Suite struct URLComponentParserTests {
    /// What the helpers throw here; a client passes its own error instead.
    struct Invalid: Error, Equatable {
        var reason: String
    }

    func hostAndPort(_ authority: String, defaultPort: Int = 1) throws(Invalid) -> (host: String, port: Int) {
        try URLComponentParser.hostAndPort(authority[...], defaultPort: defaultPort, invalid: Invalid.init)
    }

    func decoded(_ text: String) throws(Invalid) -> String {
        try URLComponentParser.percentDecoded(text[...], what: "password", invalid: Invalid.init)
    }

    @Test func schemeIsLowercasedAndSplitOff() throws {
        let split = try #require(URLComponentParser.splitScheme("ReDiS://h:1/2"))
        #expect(split.scheme == "redis")
        #expect(split.rest == "h:1/2")
        #expect(URLComponentParser.splitScheme("redis:/h") == nil)
        #expect(URLComponentParser.splitScheme("") == nil)
    }

    @Test func spacesAndControlCharactersAreFound() {
        #expect(!URLComponentParser.hasSpaceOrControlCharacter("amqp://u:p@h:1/v"))
        for bad in ["a b", "a\r\nb", "a\tb", "a\u{7F}b", "a\u{0}b"] {
            #expect(URLComponentParser.hasSpaceOrControlCharacter(bad))
        }
    }

    @Test func theLastAtEndsTheUserInfoAndTheFirstSlashStartsThePath() {
        let full = URLComponentParser.splitAuthority("u:p@ss@h:1/a/b")
        #expect(full.userInfo == "u:p@ss")
        #expect(full.authority == "h:1")
        #expect(full.path == "a/b")
        let bare = URLComponentParser.splitAuthority("h")
        #expect(bare.userInfo == nil && bare.authority == "h" && bare.path == nil)
        let emptyPath = URLComponentParser.splitAuthority("@h/")
        #expect(emptyPath.userInfo == "" && emptyPath.authority == "h" && emptyPath.path == "")
    }

    @Test func userInfoSplitsAtTheFirstColon() {
        let both = URLComponentParser.splitUserInfo("u:p:w")
        #expect(both.user == "u" && both.password == "p:w")
        let userOnly = URLComponentParser.splitUserInfo("u")
        #expect(userOnly.user == "u" && userOnly.password == nil)
        let passwordOnly = URLComponentParser.splitUserInfo(":p")
        #expect(passwordOnly.user == "" && passwordOnly.password == "p")
    }

    @Test func hostsPortsAndIPv6Brackets() throws {
        #expect(try hostAndPort("cache.internal:6380") == ("cache.internal", 6380))
        #expect(try hostAndPort("h_1-a", defaultPort: 5672) == ("h_1-a", 5672))
        #expect(try hostAndPort("[::1]:65535") == ("::1", 65535))
        #expect(try hostAndPort("[fe80::1.2.3.4]", defaultPort: 9) == ("fe80::1.2.3.4", 9))
        // An empty host is the caller's decision (a default or an error).
        #expect(try hostAndPort("", defaultPort: 9) == ("", 9))
        #expect(try hostAndPort(":7", defaultPort: 9) == ("", 7))
    }

    @Test(arguments: [
        ("[::1", "IPv6"), ("[::1]x", "IPv6"), ("[]", "IPv6"), ("[zz]", "IPv6"), ("[::1]:", "port"),
        ("h_ost!", "host"), ("hé", "host"), ("h:1:2", "port"), ("h:", "port"), ("h:0", "port"),
        ("h:65536", "port"), ("h:+80", "port"), ("h:-1", "port"), ("h:99999999999999999999", "port"),
        ("h:٣", "port"),
    ])
    func badAuthoritiesAreRejected(authority: String, topic: String) {
        do throws(Invalid) {
            _ = try hostAndPort(authority)
            Issue.record("accepted a bad authority")
        } catch {
            #expect(error.reason.contains(topic))
        }
    }

    @Test func decimalsArePlainBoundedDigits() {
        #expect(URLComponentParser.decimal("0042", maxDigits: 4) == 42)
        #expect(URLComponentParser.decimal("12345", maxDigits: 4) == nil)
        for bad in ["", "-1", "+1", " 1", "1e3", "٣", "0x1"] {
            #expect(URLComponentParser.decimal(bad[...], maxDigits: 9) == nil)
        }
    }

    @Test func percentDecoding() throws {
        #expect(try decoded("p%40ss%3Aw%2Fo%25rd") == "p@ss:w/o%rd")
        #expect(try decoded("%c3%A9t%C3%A9") == "été")
        #expect(try decoded("") == "")
    }

    @Test(arguments: [
        ("Sup3rSecret%zz", "percent-encoding"), ("Sup3rSecret%4", "percent-encoding"),
        ("Sup3rSecret%", "percent-encoding"), ("Sup3rSecret%ff", "UTF-8"), ("Sup3rSecret%C3", "UTF-8"),
    ])
    func badPercentEncodingIsRejectedWithoutQuotingTheText(text: String, topic: String) {
        do throws(Invalid) {
            _ = try decoded(text)
            Issue.record("accepted a bad encoding")
        } catch {
            #expect(error.reason.contains(topic))
            #expect(error.reason.contains("password"))
            #expect(!error.reason.contains("Sup3rSecret"))
        }
    }
}

@Suite struct ConnectTCPTests {
    final class Flag: Sendable {
        private let raised = Atomic(false)
        var isRaised: Bool { raised.load(ordering: .relaxed) }
        func raise() { raised.store(true, ordering: .relaxed) }
    }

    /// A listener on 127.0.0.1 that accepts and does nothing else.
    func listener() async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    @Test func connectsWithNoDelayAfterRunningTheInitializer() async throws {
        let server = try await listener()
        let port = try #require(server.localAddress?.port)
        let initialized = Flag()
        let channel = try await connectTCP(
            host: "127.0.0.1", port: port, eventLoop: MultiThreadedEventLoopGroup.singleton.next(),
            connectTimeout: .seconds(10)
        ) { channel in
            initialized.raise()
            return channel.eventLoop.makeSucceededVoidFuture()
        }
        #expect(initialized.isRaised)
        #expect(channel.isActive)
        let noDelay = try await channel.getOption(.socketOption(.tcp_nodelay)).get()
        #expect(noDelay != 0)
        try await channel.close()
        try await server.close()
    }

    @Test func aClosedPortThrows() async throws {
        let server = try await listener()
        let port = try #require(server.localAddress?.port)
        try await server.close()
        await #expect(throws: (any Error).self) {
            try await connectTCP(
                host: "127.0.0.1", port: port, eventLoop: MultiThreadedEventLoopGroup.singleton.next(),
                connectTimeout: .seconds(10)
            ) { channel in channel.eventLoop.makeSucceededVoidFuture() }
        }
    }
}
