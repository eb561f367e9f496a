import Foundation
import HTTPTypes
import SpyglassPorts
import Testing

@Suite("API quota per key")
struct RateLimitTests {
    @Test("answers carry RateLimit and RateLimit-Policy; past the quota a 429 problem with Retry-After; keys are counted apart")
    func quotaIsEnforcedPerKey() async throws {
        let harness = try await APIHarness(quota: RateLimitPolicy(limit: 3, window: .seconds(60)))
        try await harness.run { api in
            var remaining: [String] = []
            for _ in 0..<3 {
                let reply = try await api.send(.get, "/v1/competitors")
                #expect(reply.status == .ok)
                #expect(reply.headers[HTTPField.Name("RateLimit-Policy")!] == "\"api\";q=3;w=60")
                remaining.append(reply.headers[HTTPField.Name("RateLimit")!] ?? "")
            }
            #expect(remaining.map { $0.split(separator: ";")[1] } == ["r=2", "r=1", "r=0"])

            let refused = try await api.send(.get, "/v1/competitors")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.isProblem)
            #expect(refused.json["type"] as? String == "urn:spyglass:problem:rate-limited")
            let retryAfter = Int(refused.headers[.retryAfter] ?? "") ?? 0
            #expect((1...20).contains(retryAfter), "Retry-After \(retryAfter)")
            #expect(refused.headers[HTTPField.Name("RateLimit")!]?.hasPrefix("\"api\";r=0;t=") == true)

            // Another workspace's key has its own budget; unauthenticated calls are not counted.
            #expect(try await api.send(.get, "/v1/competitors", as: api.otherKey).status == .ok)
            #expect(try await api.send(.get, "/healthz").status == .ok)
        }
    }
}
