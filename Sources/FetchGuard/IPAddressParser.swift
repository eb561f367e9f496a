/// Strict text-to-address parsing. Anything not in the one canonical-enough
/// notation is refused rather than guessed at.
enum IPAddressParser {
    /// Exactly four decimal parts of 0–255, no leading zeros (which some
    /// resolvers read as octal), no signs, no spaces.
    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = parseOctet(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    private static func parseOctet(_ part: Substring) -> UInt8? {
        let utf8 = part.utf8
        guard (1...3).contains(utf8.count), utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if utf8.count > 1, utf8.first == 0x30 { return nil }
        guard let number = Int(part), number <= 255 else { return nil }
        return UInt8(number)
    }

    /// RFC 4291 §2.2 text forms: eight groups of 1–4 hex digits, at most one
    /// `::`, an optional dotted quad in place of the last two groups, and an
    /// optional RFC 4007 zone after `%`.
    static func parseIPv6(_ text: Substring) -> IPv6Address? {
        var addressText = text
        var zone: String?
        if let percent = text.firstIndex(of: "%") {
            let zoneText = text[text.index(after: percent)...]
            guard isValidZone(zoneText) else { return nil }
            zone = String(zoneText)
            addressText = text[..<percent]
        }
        guard addressText.utf8.count >= 2, addressText.utf8.count <= 45 else { return nil }

        let halves = addressText.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        let groups: [UInt16]
        switch halves.count {
        case 1:
            guard let all = parseGroups(halves[0], allowEmbeddedIPv4: true), all.count == 8 else { return nil }
            groups = all
        case 2:
            guard let head = parseGroups(halves[0], allowEmbeddedIPv4: false),
                  let tail = parseGroups(halves[1], allowEmbeddedIPv4: true),
                  head.count + tail.count <= 7
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        default:
            return nil
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for group in groups { bytes += [UInt8(group >> 8), UInt8(group & 0xFF)] }
        return IPv6Address(bytes: bytes, zone: zone)
    }

    /// Colon-separated groups; an empty string is zero groups (one side of
    /// `::`). A dotted quad may end the list and counts as two groups.
    private static func parseGroups(_ text: Substring, allowEmbeddedIPv4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowEmbeddedIPv4, part.contains(".") {
                guard let v4 = parseIPv4(part) else { return nil }
                groups += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                continue
            }
            let utf8 = part.utf8
            guard (1...4).contains(utf8.count), utf8.allSatisfy(isHexDigit), let group = UInt16(part, radix: 16)
            else { return nil }
            groups.append(group)
        }
        return groups
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// Zones are interface names or numbers; keep them to RFC 3986 unreserved
    /// characters so a zone can never smuggle in URL syntax.
    private static func isValidZone(_ zone: Substring) -> Bool {
        guard (1...64).contains(zone.utf8.count) else { return false }
        return zone.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
        }
    }
}
