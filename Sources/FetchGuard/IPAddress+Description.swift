extension IPAddress: CustomStringConvertible {
    /// Dotted quad for IPv4; RFC 5952 canonical text for IPv6 (lower case,
    /// longest run of zero groups compressed, IPv4-mapped in dotted form).
    public var description: String {
        switch self {
        case .v4(let value): return IPAddress.dottedQuad(value)
        case .v6(let address): return address.description
        }
    }

    static func dottedQuad(_ value: UInt32) -> String {
        "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }
}

extension IPv6Address: CustomStringConvertible {
    public var description: String {
        let zoneSuffix = zone.map { "%" + $0 } ?? ""
        if high == 0, low >> 32 == 0xFFFF {
            return "::ffff:" + IPAddress.dottedQuad(lastIPv4) + zoneSuffix
        }
        let groups = self.groups
        let run = Self.longestZeroRun(groups)
        var text = ""
        var index = 0
        while index < groups.count {
            if let run, index == run.lowerBound {
                text += index == 0 ? "::" : ":"
                index = run.upperBound
                continue
            }
            text += String(groups[index], radix: 16)
            if index < groups.count - 1 { text += ":" }
            index += 1
        }
        return text + zoneSuffix
    }

    /// RFC 5952 §4.2: compress the longest run of two or more zero groups,
    /// the first one if two runs are equally long.
    private static func longestZeroRun(_ groups: [UInt16]) -> Range<Int>? {
        var best: Range<Int>?
        var start: Int?
        for index in 0...groups.count {
            if index < groups.count, groups[index] == 0 {
                if start == nil { start = index }
                continue
            }
            if let runStart = start {
                let run = runStart..<index
                if run.count >= 2, run.count > (best?.count ?? 0) { best = run }
                start = nil
            }
        }
        return best
    }
}
