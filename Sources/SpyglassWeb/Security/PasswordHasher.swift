import Crypto
import Dispatch
import Foundation
import _CryptoExtras

/// Passwords as PBKDF2-HMAC-SHA256 with a random 16-byte salt per password, at
/// OWASP's 600,000 iterations, stored self-describing:
/// `pbkdf2-sha256$600000$<salt, base64>$<hash, base64>`. A stored hash keeps its own
/// iteration count, so raising the default later still verifies old hashes.
public struct PasswordHasher: Sendable {
    public static let owaspIterations = 600_000
    public static let scheme = "pbkdf2-sha256"
    static let saltBytes = 16
    static let hashBytes = 32
    /// Verifying never runs more than this many iterations, whatever a stored string says.
    static let maximumIterations = 10_000_000

    public let iterations: Int

    /// `iterations` below OWASP's figure are for tests only.
    public init(iterations: Int = PasswordHasher.owaspIterations) {
        self.iterations = max(1, iterations)
    }

    public func hash(_ password: String) async throws -> String {
        var salt = [UInt8](repeating: 0, count: Self.saltBytes)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let derived = try await Self.derive(password, salt: salt, iterations: iterations)
        return [Self.scheme, String(iterations), Data(salt).base64EncodedString(), Data(derived).base64EncodedString()]
            .joined(separator: "$")
    }

    /// False for a wrong password and for a stored string that is not one of ours.
    public func verify(_ password: String, against stored: String) async -> Bool {
        guard let parsed = Self.parse(stored),
              let derived = try? await Self.derive(password, salt: parsed.salt, iterations: parsed.iterations)
        else { return false }
        return Self.constantTimeEqual(derived, parsed.hash)
    }

    /// Spends a verification's time when there is nobody to verify, so that timing
    /// does not tell which e-mail addresses have an account.
    public func burn(_ password: String) async {
        _ = try? await Self.derive(password, salt: [UInt8](repeating: 0, count: Self.saltBytes), iterations: iterations)
    }

    struct Parsed {
        var iterations: Int
        var salt: [UInt8]
        var hash: [UInt8]
    }

    static func parse(_ stored: String) -> Parsed? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]),
              (1...maximumIterations).contains(iterations),
              let salt = Data(base64Encoded: String(parts[2])), salt.count >= 8,
              let hash = Data(base64Encoded: String(parts[3])), hash.count == hashBytes
        else { return nil }
        return Parsed(iterations: iterations, salt: Array(salt), hash: Array(hash))
    }

    /// Off the cooperative thread pool: a derivation takes a noticeable fraction of a second.
    static func derive(_ password: String, salt: [UInt8], iterations: Int) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result {
                    let key = try KDF.Insecure.PBKDF2.deriveKey(
                        from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: hashBytes,
                        unsafeUncheckedRounds: iterations)
                    return key.withUnsafeBytes { Array($0) }
                })
            }
        }
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
