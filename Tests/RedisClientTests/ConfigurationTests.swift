import ClientSupport
import Testing

@testable import RedisClient

@Suite struct ConfigurationTests {
    @Test func fullURL() throws {
        let configuration = try RedisConfiguration(url: "redis://app:s3cret@cache.internal:6380/2")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6380)
        #expect(configuration.username == "app")
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == 2)
        #expect(!configuration.tls)
    }

    @Test func defaults() throws {
        let configuration = try RedisConfiguration(url: "redis://localhost")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
        #expect(configuration.username == nil)
        #expect(configuration.password == nil)
        #expect(configuration.poolSize == 8)
        #expect(configuration.commandTimeout == .seconds(5))
        #expect(try RedisConfiguration(url: "redis://localhost/").database == 0)
    }

    @Test func tlsScheme() throws {
        #expect(try RedisConfiguration(url: "rediss://h:1").tls)
        #expect(try RedisConfiguration(url: "REDISS://h").tls)
    }

    @Test func passwordOnlyMeansTheDefaultUser() throws {
        let configuration = try RedisConfiguration(url: "redis://:pw@h")
        #expect(configuration.username == nil)
        #expect(configuration.password == "pw")
    }

    @Test func percentDecodingAndUnencodedAt() throws {
        let encoded = try RedisConfiguration(url: "redis://us%65r:p%40ss%3Aw%2Fo%25rd@h:7000")
        #expect(encoded.username == "user")
        #expect(encoded.password == "p@ss:w/o%rd")
        // The last "@" ends the credentials, so a raw "@" in the password still works.
        let raw = try RedisConfiguration(url: "redis://u:p@ss@h")
        #expect(raw.password == "p@ss")
        #expect(raw.host == "h")
    }

    @Test func ipv6Host() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:6390/1")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 6390)
        #expect(configuration.description == "redis://[::1]:6390/1")
    }

    @Test(arguments: [
        "", "localhost:6379", "http://h", "redis:/h", "redis://", "redis://:6379", "redis://h:0", "redis://h:65536",
        "redis://h:-1", "redis://h:+80", "redis://h:99999999999999999999", "redis://h/x", "redis://h/-1",
        "redis://h/1/2", "redis://h?db=1", "redis://h#f", "redis://user@h", "redis://u:%zz@h", "redis://u:%4@h",
        "redis://u:%ff@h", "redis://h o", "redis://h\r\nX", "redis://[::1", "redis://[::1]x", "redis://[zz]",
        "redis://h_ost!:1", "redis://h:1:2", "redis://h:",
    ])
    func invalidURLsAreRejected(url: String) {
        #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
        do {
            _ = try RedisConfiguration(url: url)
        } catch {
            #expect(error.code == .invalidURL)
            #expect(error.message.hasPrefix("invalid Redis URL: "))
        }
    }

    @Test(arguments: [
        "redis://app:Sup3rSecret@h:notaport", "redis://app:Sup3rSecret@h/notadb", "redis://app:Sup3rSecret",
        "redis://app:Sup3rSecret@h?x=1", "redis://app:Sup3rSecret%zz@h", "redis://Sup3rSecret@h",
        "redis://app:Sup3rSecret@[::1",
    ])
    func errorsNeverRepeatThePassword(url: String) {
        do {
            _ = try RedisConfiguration(url: url)
            Issue.record("expected an error")
        } catch {
            #expect(!error.message.contains("Sup3rSecret"))
            #expect(!error.description.contains("Sup3rSecret"))
        }
    }

    @Test func descriptionRedactsThePassword() throws {
        let configuration = try RedisConfiguration(url: "rediss://app:Sup3rSecret@h:1/3")
        #expect(configuration.description == "rediss://app:***@h:1/3")
        #expect(!"\(configuration)".contains("Sup3rSecret"))
    }

    @Test func serverErrorPrefix() {
        #expect(RedisError.server("NOSCRIPT No matching script.").isNoScript)
        #expect(RedisError.server("WRONGTYPE Operation").serverErrorPrefix == "WRONGTYPE")
        #expect(!RedisError.server("ERR whatever").isNoScript)
        #expect(RedisError(.timeout, "NOSCRIPT lookalike").serverErrorPrefix == nil)
    }

    @Test func reconnectBackoffDefaultsAndJitter() {
        let defaults = RedisReconnectBackoff()
        #expect(defaults.base == .milliseconds(50) && defaults.cap == .seconds(5))
        let backoff = RedisReconnectBackoff(base: .milliseconds(100), cap: .seconds(2))
        #expect(backoff.schedule == ReconnectBackoff(base: .milliseconds(100), cap: .seconds(2)))
        for _ in 0..<100 {
            let delay = backoff.delay(afterFailures: 3)
            #expect(delay >= .milliseconds(200) && delay <= .milliseconds(400))
        }
        #expect(RedisReconnectBackoff(base: .seconds(-1), cap: .seconds(-5)).delay(afterFailures: 3) == .zero)
    }

    @Test func scriptSHA1MatchesRedis() {
        // SCRIPT LOAD "return 1" answers this digest.
        #expect(RedisScript("return 1").sha1 == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    }
}
