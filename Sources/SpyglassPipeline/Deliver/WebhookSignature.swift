import Crypto
import Foundation

/// `Spyglass-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256("<t>.<raw body>")>`.
/// The timestamp is inside the signed bytes so a captured request cannot be
/// replayed later with a fresh time; receivers reject old timestamps.
public enum WebhookSignature {
    public static let headerName = "Spyglass-Signature"

    public static func header(body: [UInt8], secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(hexHMAC(body: body, secret: secret, timestamp: timestamp))"
    }

    public static func hexHMAC(body: [UInt8], secret: String, timestamp: Int) -> String {
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    public enum VerificationFailure: Error, Equatable {
        case malformedHeader
        case timestampOutsideTolerance
        case signatureMismatch
    }

    /// What a receiver does: parse, check the age, compare in constant time.
    public static func verify(
        header: String, body: [UInt8], secret: String, now: Int, tolerance: Int = 300
    ) throws(VerificationFailure) {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw .malformedHeader }
            switch pair[0] {
            case "t": timestamp = Int(pair[1])
            case "v1": signatures.append(pair[1])
            default: continue
            }
        }
        guard let timestamp, !signatures.isEmpty else { throw .malformedHeader }
        guard abs(now - timestamp) <= tolerance else { throw .timestampOutsideTolerance }
        let expected = Array(hexHMAC(body: body, secret: secret, timestamp: timestamp).utf8)
        for candidate in signatures where constantTimeEquals(Array(candidate.utf8), expected) { return }
        throw .signatureMismatch
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
