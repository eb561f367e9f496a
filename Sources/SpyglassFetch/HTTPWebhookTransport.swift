import SpyglassPorts

/// Delivers webhooks: one POST through the address guard, with the same
/// time limits as page fetches, no robots.txt, no pacing, and redirects
/// reported as the status they are rather than followed.
public struct HTTPWebhookTransport: WebhookTransport {
    /// How much of the receiver's answer is kept for the delivery log.
    public static let excerptBytes = 512

    let http: OutboundHTTP

    public init(http: OutboundHTTP) {
        self.http = http
    }

    public func post(_ request: OutboundPost) async throws -> OutboundResponse {
        do {
            let destination = try await http.admit(try TargetURL(request.url))
            var headers = request.headers
            if !headers.contains(where: { $0.name.lowercased() == "user-agent" }) {
                headers.append(HeaderField("User-Agent", http.configuration.userAgent))
            }
            let reply = try await http.exchange(
                OutboundRequest(method: .post, headers: headers, body: request.body),
                at: destination,
                bodyReading: { _ in .truncateAt(Self.excerptBytes) }
            )
            return OutboundResponse(
                statusCode: reply.statusCode,
                bodyExcerpt: String(decoding: reply.body, as: UTF8.self)
            )
        } catch {
            throw FetchFailure.from(error, talkingTo: "the webhook receiver")
        }
    }
}
