import NIOCore

extension ByteBuffer {
    mutating func writeRESPLineEnd() {
        writeInteger(UInt8(ascii: "\r"))
        writeInteger(UInt8(ascii: "\n"))
    }

    /// `<type><text>\r\n`
    mutating func writeRESPLine(type: Unicode.Scalar, _ text: String) {
        writeInteger(UInt8(ascii: type))
        writeString(text)
        writeRESPLineEnd()
    }

    /// `<type><length>\r\n<bytes>\r\n`
    mutating func writeRESPBulk(type: Unicode.Scalar, _ bytes: ByteBuffer) {
        writeRESPLine(type: type, String(bytes.readableBytes))
        writeImmutableBuffer(bytes)
        writeRESPLineEnd()
    }
}
