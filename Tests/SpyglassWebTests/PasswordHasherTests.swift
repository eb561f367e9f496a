import Foundation
@testable import SpyglassWeb
import Testing

@Suite("Password hashing")
struct PasswordHasherTests {
    let hasher = PasswordHasher(iterations: 1_000)

    @Test("OWASP's 600,000 iterations unless told otherwise")
    func defaults() {
        #expect(PasswordHasher().iterations == 600_000)
        #expect(PasswordHasher.owaspIterations == 600_000)
    }

    @Test("a hash verifies its password and no other")
    func roundTrip() async throws {
        let stored = try await hasher.hash("correct horse battery")
        #expect(await hasher.verify("correct horse battery", against: stored))
        #expect(await !hasher.verify("correct horse batterY", against: stored))
        #expect(await !hasher.verify("", against: stored))
    }

    @Test("the stored form describes itself: scheme, iterations, 16-byte salt, 32-byte hash")
    func format() async throws {
        let stored = try await hasher.hash("pässwörd 🔑")
        let parts = stored.split(separator: "$").map(String.init)
        #expect(parts.count == 4)
        #expect(parts[0] == "pbkdf2-sha256")
        #expect(parts[1] == "1000")
        #expect(Data(base64Encoded: parts[2])?.count == 16)
        #expect(Data(base64Encoded: parts[3])?.count == 32)
        #expect(await hasher.verify("pässwörd 🔑", against: stored))
    }

    @Test("the same password gets a new salt every time")
    func salted() async throws {
        let first = try await hasher.hash("same password")
        let second = try await hasher.hash("same password")
        #expect(first != second)
        #expect(await hasher.verify("same password", against: second))
    }

    @Test("a hash keeps its own iteration count: a new default still verifies old hashes")
    func iterationsTravelWithTheHash() async throws {
        let old = try await PasswordHasher(iterations: 2_000).hash("long-lived password")
        #expect(await hasher.verify("long-lived password", against: old))
    }

    @Test("known answer: PBKDF2-HMAC-SHA256 as RFC 7914 gives it")
    func knownAnswer() async throws {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64 (first 32 bytes).
        let derived = try await PasswordHasher.derive("passwd", salt: Array("salt".utf8), iterations: 1)
        let hex = derived.map { String(format: "%02x", $0) }.joined()
        #expect(hex == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
    }

    @Test("malformed or hostile stored strings never verify and never crash", arguments: [
        "", "$$$", "pbkdf2-sha256", "pbkdf2-sha256$1000$c2FsdHNhbHQ=",
        "pbkdf2-sha256$-5$c2FsdHNhbHRz$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$0$c2FsdHNhbHRz$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$99999999999999$c2FsdHNhbHRz$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$abc$c2FsdHNhbHRz$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$1000$!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$1000$c2FsdHNhbHRz$c2hvcnQ=",
        "bcrypt$1000$c2FsdHNhbHRz$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$1000$c2FsdHNhbHRz$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$extra",
    ])
    func malformed(stored: String) async {
        #expect(await !hasher.verify("anything", against: stored))
    }

    @Test("comparison is over every byte")
    func constantTime() {
        #expect(PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(PasswordHasher.constantTimeEqual([], []))
    }
}
