/// Sends one outbound HTTP POST for a delivery (signed webhook, Slack message).
public protocol WebhookTransport: Sendable {
    /// Returns the receiver's answer for any HTTP status; throws `FetchFailure`
    /// when no answer was had (refused address, timeout, network error).
    func post(_ request: OutboundPost) async throws -> OutboundResponse
}

public struct OutboundPost: Sendable, Equatable {
    public var url: String
    public var headers: [HeaderField]
    public var body: [UInt8]

    public init(url: String, headers: [HeaderField], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HeaderField: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public struct OutboundResponse: Sendable, Equatable {
    public var statusCode: Int
    /// At most the first few hundred bytes of the answer, for the delivery log.
    public var bodyExcerpt: String

    public init(statusCode: Int, bodyExcerpt: String) {
        self.statusCode = statusCode
        self.bodyExcerpt = bodyExcerpt
    }

    public var isSuccess: Bool { (200..<300).contains(statusCode) }
}
