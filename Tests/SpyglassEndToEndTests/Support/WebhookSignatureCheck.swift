import Crypto
import Foundation

/// A receiver's check of `Spyglass-Signature: t=<unix>,v1=<hex>`, written
/// from the documentation (not the product's code), with swift-crypto.
enum WebhookSignatureCheck {
    struct Parsed: Equatable {
        var timestamp: Int
        var signatures: [String]
    }

    static func parse(_ header: String) -> Parsed? {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return nil }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, !signatures.isEmpty else { return nil }
        return Parsed(timestamp: timestamp, signatures: signatures)
    }

    /// Hex HMAC-SHA256 of "<t>.<raw body>" keyed by the channel secret.
    static func expectedSignature(timestamp: Int, body: [UInt8], secret: String) -> String {
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
