import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SpyglassDomain
import SpyglassPorts

/// A quota per API key, decided by the rate limiter port in one step (GCRA:
/// in memory in the embedded mode, one Lua call in Redis when distributed).
/// Every answer carries the IETF `RateLimit-Policy` and `RateLimit` fields; a
/// refusal is 429 problem+json with `Retry-After`. When the limiter itself fails,
/// the request is let through and the failure logged: an outage of the limiter
/// must not become an outage of the API.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let limiter: any RateLimiter
    let quota: RateLimitPolicy

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let key = context.apiKey else { return try await next(request, context) }
        let decision: RateLimitDecision
        do {
            decision = try await limiter.acquire(key: "api:\(key.id)", policy: quota)
        } catch {
            context.logger.warning("rate limiter unavailable; request let through", metadata: ["error": "\(error)"])
            return try await next(request, context)
        }
        let headers = Self.headers(decision, quota: quota)
        guard decision.allowed else {
            let seconds = Self.wholeSeconds(decision.retryAfter)
            var problem = APIProblem(
                status: .tooManyRequests, kind: "rate-limited", title: "Too many requests",
                detail: "this API key may make \(quota.limit) requests per \(Self.wholeSeconds(quota.window)) s; "
                    + "retry in \(seconds) s")
            problem.headers = headers + [("Retry-After", "\(seconds)")]
            throw problem
        }
        var response = try await next(request, context)
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }

    /// `RateLimit-Policy: "api";q=600;w=60` and `RateLimit: "api";r=599;t=1`
    /// (draft-ietf-httpapi-ratelimit-headers): quota, window, remaining, and
    /// seconds until the quota is whole again.
    static func headers(_ decision: RateLimitDecision, quota: RateLimitPolicy) -> [(String, String)] {
        let window = wholeSeconds(quota.window)
        let used = max(quota.limit - decision.remaining, 0)
        let reset = decision.allowed
            ? Int((Double(used) * quota.window.seconds / Double(max(quota.limit, 1))).rounded(.up))
            : wholeSeconds(decision.retryAfter)
        return [
            ("RateLimit-Policy", "\"api\";q=\(quota.limit);w=\(window)"),
            ("RateLimit", "\"api\";r=\(decision.remaining);t=\(reset)"),
        ]
    }

    static func wholeSeconds(_ duration: Duration) -> Int { max(Int(duration.seconds.rounded(.up)), 0) }
}
