/// The answer for a host as written in a URL, before any name resolution.
public enum HostVerdict: Hashable, Sendable {
    /// The host is an IP literal that the policy allows: connect to it.
    case address(IPAddress)
    /// The host is a name worth resolving (lower-cased, without a trailing
    /// dot). Every address it resolves to must still be judged.
    case name(String)
    /// The host is acceptable in form but refused by policy.
    case refused(reason: String)
    /// The host is not a valid host name or address.
    case invalid(reason: String)
}

extension AddressPolicy {
    /// Judges a URL host: IP literals (IPv6 in brackets or not) fully,
    /// `localhost` and `*.localhost` by name (RFC 6761: they are this machine,
    /// whatever DNS says), and numeric notations other than a dotted quad
    /// (`127.1`, `0x7f000001`, `2130706433`) as refused, because resolvers
    /// read them as addresses the guard would not have checked.
    public func verdict(forHost host: String) -> HostVerdict {
        guard !host.isEmpty else { return .invalid(reason: "the URL has no host") }
        var literal = Substring(host)
        if literal.hasPrefix("[") {
            guard literal.hasSuffix("]"), literal.count >= 2 else {
                return .invalid(reason: "\(Self.shown(host)) is not a valid IPv6 literal")
            }
            literal = literal.dropFirst().dropLast()
            guard let v6 = IPAddressParser.parseIPv6(literal) else {
                return .invalid(reason: "\(Self.shown(host)) is not a valid IPv6 literal")
            }
            return hostVerdict(for: .v6(v6))
        }
        if let ip = IPAddress(host) { return hostVerdict(for: ip) }

        guard host.utf8.count <= 253, host.utf8.allSatisfy(Self.isHostNameByte) else {
            return .invalid(reason: "\(Self.shown(host)) is not a valid host name")
        }
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard let lastLabel = labels.last, !labels.contains(where: \.isEmpty) else {
            return .invalid(reason: "\(Self.shown(host)) is not a valid host name")
        }
        if name == "localhost" || name.hasSuffix(".localhost") {
            return .refused(reason: "\(name) is a localhost name, which always means this machine")
        }
        if Self.looksNumeric(lastLabel) {
            return .refused(
                reason: "\(Self.shown(host)) is not a dotted-decimal IPv4 address; other numeric notations are refused"
            )
        }
        return .name(name)
    }

    private func hostVerdict(for ip: IPAddress) -> HostVerdict {
        switch verdict(for: ip) {
        case .allowed: return .address(ip)
        case .refused(let reason): return .refused(reason: reason)
        }
    }

    /// WHATWG URL's "ends in a number": a last label of decimal digits or
    /// `0x` hex makes browsers and resolvers treat the host as IPv4.
    private static func looksNumeric(_ label: Substring) -> Bool {
        let utf8 = label.utf8
        if utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
        let lower = label.lowercased()
        guard lower.hasPrefix("0x") else { return false }
        return lower.utf8.dropFirst(2).allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// Letters, digits, `-`, `_` and `.`: what DNS names (and the underscore
    /// labels some services use) are made of.
    private static func isHostNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F
    }

    /// Hostile hosts can be long; messages keep one short line.
    static func shown(_ text: String) -> String {
        let clean = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return clean.count > 80 ? String(clean.prefix(77)) + "..." : clean
    }
}
