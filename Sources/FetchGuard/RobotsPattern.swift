/// A robots.txt path pattern: a prefix of the path, where `*` matches any
/// run of characters and a final `$` anchors the end.
struct RobotsPattern: Hashable, Sendable {
    /// Normalised bytes, without the trailing `$`.
    private let bytes: [UInt8]
    private let anchored: Bool
    /// Octets as written (after normalisation), `$` included: "the most
    /// specific match is the match that has the most octets".
    let length: Int

    init(_ value: ArraySlice<UInt8>) {
        var pattern = Array(value)
        // A pattern that does not start with "/" or "*" could never match a
        // path; read it as starting at the root, as major crawlers do.
        if let first = pattern.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "*") {
            pattern.insert(UInt8(ascii: "/"), at: 0)
        }
        var normalised = RobotsPattern.normalise(pattern)
        length = normalised.count
        anchored = normalised.last == UInt8(ascii: "$")
        if anchored { normalised.removeLast() }
        bytes = normalised
    }

    func matches(_ path: RobotsPath) -> Bool {
        guard bytes.contains(UInt8(ascii: "*")) else {
            return anchored ? path.bytes == bytes : path.bytes.starts(with: bytes)
        }
        // Shift-and over the set of path positions the pattern read so far
        // can end at: O(pattern × path / 64) however the stars are placed.
        var state = path.emptySet()
        state[0] = 1
        for patternByte in bytes {
            if patternByte == UInt8(ascii: "*") {
                path.fillFromLowest(&state)
            } else {
                guard let mask = path.positionsAfter[patternByte] else { return false }
                path.shiftAndMask(&state, mask)
            }
            if state.allSatisfy({ $0 == 0 }) { return false }
        }
        return anchored ? path.contains(state, path.bytes.count) : true
    }

    /// RFC 9309 §2.2.2 / RFC 3986: decode percent-escapes of unreserved
    /// characters, upper-case the hex of the others, and percent-encode
    /// bytes that are not printable ASCII, so that equal paths compare equal.
    static func normalise(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%"), index + 2 < input.count,
               let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                let decoded = high << 4 | low
                if isUnreserved(decoded) {
                    output.append(decoded)
                } else {
                    output += percentEncoded(decoded)
                }
                index += 3
                continue
            }
            if byte <= 0x20 || byte >= 0x7F {
                output += percentEncoded(byte)
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func percentEncoded(_ byte: UInt8) -> [UInt8] {
        [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
    }
}
