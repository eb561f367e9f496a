import Crypto
import Foundation

/// Random secrets (API keys, signing secrets) and the hash stored for keys.
public enum Secrets {
    /// `prefix` + 40 random base-62-ish characters (~238 bits).
    public static func generate(prefix: String, length: Int = 40) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        let body = (0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return prefix + String(body)
    }

    /// API keys are stored as SHA-256: they are long random strings, so a slow
    /// password hash buys nothing, and lookups stay O(1).
    public static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
