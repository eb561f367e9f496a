/// One request the fixture site saw.
struct SeenRequest: Sendable {
    var method: String
    var path: String
    /// The Host the client asked for (`127.0.0.1:port`).
    var authority: String?
}

/// One request the webhook receiver got, with the bytes exactly as sent.
struct ReceivedWebhook: Sendable {
    /// Lower-cased names; repeated headers joined with ", ".
    var headers: [String: String]
    var body: [UInt8]
}

/// What the fixture serves and what it saw; the tests change and read it.
actor FixtureState {
    static let slowPageHTML = "<html><body><h1>Slow page</h1><p>Worth the wait</p></body></html>"

    private(set) var port = 0
    private(set) var pricingHTML = "<html><body><h1>Pricing</h1></body></html>"
    private(set) var slowReleased = false
    private(set) var slowRequests = 0
    private(set) var requests: [SeenRequest] = []
    private(set) var webhooks: [ReceivedWebhook] = []

    func setPort(_ port: Int) { self.port = port }
    func setPricingHTML(_ html: String) { pricingHTML = html }
    func record(_ request: SeenRequest) { requests.append(request) }
    func record(_ webhook: ReceivedWebhook) { webhooks.append(webhook) }
    func noteSlowRequest() { slowRequests += 1 }

    /// From now on `/slow` answers at once, and the requests waiting on it are let go.
    func releaseSlowPage() { slowReleased = true }
}
