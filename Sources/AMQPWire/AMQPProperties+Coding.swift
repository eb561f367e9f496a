import NIOCore

extension AMQPProperties {
    /// Property-flags bits, highest first: bit 15 is the first property (content-type).
    enum Flag {
        static let contentType: UInt16 = 1 << 15
        static let contentEncoding: UInt16 = 1 << 14
        static let headers: UInt16 = 1 << 13
        static let deliveryMode: UInt16 = 1 << 12
        static let priority: UInt16 = 1 << 11
        static let correlationID: UInt16 = 1 << 10
        static let replyTo: UInt16 = 1 << 9
        static let expiration: UInt16 = 1 << 8
        static let messageID: UInt16 = 1 << 7
        static let timestamp: UInt16 = 1 << 6
        static let type: UInt16 = 1 << 5
        static let userID: UInt16 = 1 << 4
        static let appID: UInt16 = 1 << 3
        static let clusterID: UInt16 = 1 << 2
        /// Bits 1 (a 15th property) and 0 (another flags word) have no meaning for class basic.
        static let undefined: UInt16 = 0b11
    }

    /// Appends the property-flags word, then each present property in order.
    public func encode(into buffer: inout ByteBuffer) throws {
        buffer.writeInteger(flags)
        if let contentType { try buffer.writeAMQPShortString(contentType) }
        if let contentEncoding { try buffer.writeAMQPShortString(contentEncoding) }
        if let headers { try headers.encode(into: &buffer) }
        if let deliveryMode { buffer.writeInteger(deliveryMode) }
        if let priority { buffer.writeInteger(priority) }
        if let correlationID { try buffer.writeAMQPShortString(correlationID) }
        if let replyTo { try buffer.writeAMQPShortString(replyTo) }
        if let expiration { try buffer.writeAMQPShortString(expiration) }
        if let messageID { try buffer.writeAMQPShortString(messageID) }
        if let timestamp { buffer.writeInteger(timestamp) }
        if let type { try buffer.writeAMQPShortString(type) }
        if let userID { try buffer.writeAMQPShortString(userID) }
        if let appID { try buffer.writeAMQPShortString(appID) }
        if let clusterID { try buffer.writeAMQPShortString(clusterID) }
    }

    /// Reads the property-flags word and the properties it announces.
    public static func decode(from buffer: inout ByteBuffer) throws -> AMQPProperties {
        let flags: UInt16 = try buffer.readAMQPInteger()
        guard flags & Flag.undefined == 0 else {
            throw AMQPWireError(
                .malformedPayload, "property flags \(flags) set bit 0 or 1, which class basic does not define")
        }
        var properties = AMQPProperties()
        if flags & Flag.contentType != 0 { properties.contentType = try buffer.readAMQPShortString() }
        if flags & Flag.contentEncoding != 0 { properties.contentEncoding = try buffer.readAMQPShortString() }
        if flags & Flag.headers != 0 { properties.headers = try AMQPFieldTable.decode(from: &buffer) }
        if flags & Flag.deliveryMode != 0 { properties.deliveryMode = try buffer.readAMQPInteger() }
        if flags & Flag.priority != 0 { properties.priority = try buffer.readAMQPInteger() }
        if flags & Flag.correlationID != 0 { properties.correlationID = try buffer.readAMQPShortString() }
        if flags & Flag.replyTo != 0 { properties.replyTo = try buffer.readAMQPShortString() }
        if flags & Flag.expiration != 0 { properties.expiration = try buffer.readAMQPShortString() }
        if flags & Flag.messageID != 0 { properties.messageID = try buffer.readAMQPShortString() }
        if flags & Flag.timestamp != 0 { properties.timestamp = try buffer.readAMQPInteger() }
        if flags & Flag.type != 0 { properties.type = try buffer.readAMQPShortString() }
        if flags & Flag.userID != 0 { properties.userID = try buffer.readAMQPShortString() }
        if flags & Flag.appID != 0 { properties.appID = try buffer.readAMQPShortString() }
        if flags & Flag.clusterID != 0 { properties.clusterID = try buffer.readAMQPShortString() }
        return properties
    }

    /// The property-flags word for the properties that are set.
    var flags: UInt16 {
        var flags: UInt16 = 0
        if contentType != nil { flags |= Flag.contentType }
        if contentEncoding != nil { flags |= Flag.contentEncoding }
        if headers != nil { flags |= Flag.headers }
        if deliveryMode != nil { flags |= Flag.deliveryMode }
        if priority != nil { flags |= Flag.priority }
        if correlationID != nil { flags |= Flag.correlationID }
        if replyTo != nil { flags |= Flag.replyTo }
        if expiration != nil { flags |= Flag.expiration }
        if messageID != nil { flags |= Flag.messageID }
        if timestamp != nil { flags |= Flag.timestamp }
        if type != nil { flags |= Flag.type }
        if userID != nil { flags |= Flag.userID }
        if appID != nil { flags |= Flag.appID }
        if clusterID != nil { flags |= Flag.clusterID }
        return flags
    }
}
