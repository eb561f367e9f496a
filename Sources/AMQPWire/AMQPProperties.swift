/// Basic content properties (the content header's property list), each optional;
/// the flags word says which are present.
public struct AMQPProperties: Sendable, Equatable {
    public var contentType: String?
    public var contentEncoding: String?
    public var headers: AMQPFieldTable?
    /// 1 transient, 2 persistent.
    public var deliveryMode: UInt8?
    public var priority: UInt8?
    public var correlationID: String?
    public var replyTo: String?
    /// Per-message TTL in milliseconds, as a decimal string (the broker's convention).
    public var expiration: String?
    public var messageID: String?
    public var timestamp: UInt64?
    public var type: String?
    public var userID: String?
    public var appID: String?
    /// Deprecated in 0-9-1 but still a flag bit; kept so decoding round-trips.
    public var clusterID: String?

    public init(
        contentType: String? = nil, contentEncoding: String? = nil, headers: AMQPFieldTable? = nil,
        deliveryMode: UInt8? = nil, priority: UInt8? = nil, correlationID: String? = nil, replyTo: String? = nil,
        expiration: String? = nil, messageID: String? = nil, timestamp: UInt64? = nil, type: String? = nil,
        userID: String? = nil, appID: String? = nil, clusterID: String? = nil
    ) {
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.deliveryMode = deliveryMode
        self.priority = priority
        self.correlationID = correlationID
        self.replyTo = replyTo
        self.expiration = expiration
        self.messageID = messageID
        self.timestamp = timestamp
        self.type = type
        self.userID = userID
        self.appID = appID
        self.clusterID = clusterID
    }
}

/// A content header frame's payload.
public struct AMQPContentHeader: Sendable, Equatable {
    public var classID: UInt16
    public var bodySize: UInt64
    public var properties: AMQPProperties

    public init(classID: UInt16 = 60, bodySize: UInt64, properties: AMQPProperties) {
        self.classID = classID
        self.bodySize = bodySize
        self.properties = properties
    }
}
