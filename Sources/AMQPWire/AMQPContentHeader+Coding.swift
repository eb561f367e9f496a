import NIOCore

extension AMQPContentHeader {
    /// Appends class-id, weight (always 0), body-size, then the property flags and properties.
    public func encode(into buffer: inout ByteBuffer) throws {
        buffer.writeInteger(classID)
        buffer.writeInteger(0 as UInt16)
        buffer.writeInteger(bodySize)
        try properties.encode(into: &buffer)
    }

    /// Reads a whole content-header payload; leftover bytes are `.malformedPayload`.
    public static func decode(from buffer: inout ByteBuffer) throws -> AMQPContentHeader {
        let classID: UInt16 = try buffer.readAMQPInteger()
        _ = try buffer.readAMQPInteger(as: UInt16.self)  // weight: unused, ignored
        let bodySize: UInt64 = try buffer.readAMQPInteger()
        let properties = try AMQPProperties.decode(from: &buffer)
        guard buffer.readableBytes == 0 else {
            throw AMQPWireError(.malformedPayload, "\(buffer.readableBytes) bytes left over after the content header")
        }
        return AMQPContentHeader(classID: classID, bodySize: bodySize, properties: properties)
    }
}
