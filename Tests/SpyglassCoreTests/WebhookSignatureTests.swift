import Foundation
import SpyglassPipeline
import Testing

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    let body = Array(#"{"id":"evt_1","type":"change.detected"}"#.utf8)

    @Test("the header matches an HMAC-SHA256 computed independently (Python's hmac)")
    func knownVector() {
        let header = WebhookSignature.header(body: body, secret: "whsec_a", timestamp: 1_700_000_000)
        #expect(header == "t=1700000000,v1=d64df3126f2545b65e1358b69ad704ee30f64c0f466f9e183136916669c085e6")
    }

    @Test("a signature verifies, and any change to body, secret or time does not")
    func verification() throws {
        let header = WebhookSignature.header(body: body, secret: "whsec_a", timestamp: 1_700_000_000)
        try WebhookSignature.verify(header: header, body: body, secret: "whsec_a", now: 1_700_000_100)
        #expect(throws: WebhookSignature.VerificationFailure.signatureMismatch) {
            try WebhookSignature.verify(header: header, body: body + [32], secret: "whsec_a", now: 1_700_000_000)
        }
        #expect(throws: WebhookSignature.VerificationFailure.signatureMismatch) {
            try WebhookSignature.verify(header: header, body: body, secret: "whsec_b", now: 1_700_000_000)
        }
        #expect(throws: WebhookSignature.VerificationFailure.timestampOutsideTolerance) {
            try WebhookSignature.verify(header: header, body: body, secret: "whsec_a", now: 1_700_001_000)
        }
    }

    @Test("malformed headers are refused, not crashed on", arguments: [
        "", "t=", "v1=abc", "t=abc,v1=00", ",,,", "t=1,v1", "garbage", String(repeating: "t=1,", count: 10_000),
    ])
    func malformed(header: String) {
        #expect(throws: WebhookSignature.VerificationFailure.self) {
            try WebhookSignature.verify(header: header, body: body, secret: "s", now: 1)
        }
    }
}
