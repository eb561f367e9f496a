/// Turns a rendered message into the bytes sent after `354`: every line break becomes CRLF
/// (lone CR, lone LF, CRLF alike), a line starting with "." gets a second "." (RFC 5321 §4.5.2),
/// and the terminating `.` line is appended.
enum SMTPDataEncoding {
    static func encode(_ message: String) -> [UInt8] {
        let carriageReturn = UInt8(ascii: "\r")
        let lineFeed = UInt8(ascii: "\n")
        let dot = UInt8(ascii: ".")

        var output: [UInt8] = []
        output.reserveCapacity(message.utf8.count + 64)
        var atLineStart = true
        var previousWasCarriageReturn = false

        for byte in message.utf8 {
            if byte == lineFeed, previousWasCarriageReturn {
                // Second half of a CRLF already written as a break.
                previousWasCarriageReturn = false
                continue
            }
            previousWasCarriageReturn = byte == carriageReturn
            if byte == carriageReturn || byte == lineFeed {
                output.append(carriageReturn)
                output.append(lineFeed)
                atLineStart = true
                continue
            }
            if atLineStart, byte == dot { output.append(dot) }
            output.append(byte)
            atLineStart = false
        }
        if !atLineStart {
            output.append(carriageReturn)
            output.append(lineFeed)
        }
        output.append(contentsOf: Array(".\r\n".utf8))
        return output
    }
}
