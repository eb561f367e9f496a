/// An IPv4 or IPv6 address, parsed strictly from text so that every notation
/// the guard accepts means exactly one address.
public enum IPAddress: Hashable, Sendable {
    /// Host byte order: `127.0.0.1` is `0x7F00_0001`.
    case v4(UInt32)
    case v6(IPv6Address)

    /// Parses a dotted quad (`192.0.2.1`) or an IPv6 address (`2001:db8::1`,
    /// `::ffff:192.0.2.1`, `fe80::1%eth0`).
    ///
    /// Refuses every other IPv4 notation that some resolvers accept —
    /// `127.1`, `0x7f.0.0.1`, `0177.0.0.1`, `2130706433` — so that such a
    /// host is never taken for a different address than the one checked.
    public init?(_ text: String) {
        if let v4 = IPAddressParser.parseIPv4(Substring(text)) {
            self = .v4(v4)
        } else if let v6 = IPAddressParser.parseIPv6(Substring(text)) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    /// The address in network byte order: 4 or 16 bytes.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value):
            return [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
        case .v6(let address):
            return address.bytes
        }
    }

    /// The same address without an IPv6 zone, for comparisons where the
    /// interface does not matter.
    public var withoutZone: IPAddress {
        switch self {
        case .v4: return self
        case .v6(let address): return .v6(IPv6Address(high: address.high, low: address.low))
        }
    }
}

/// The 128 bits of an IPv6 address, and the zone (interface) it was written
/// with, if any.
public struct IPv6Address: Hashable, Sendable {
    /// The first 64 bits, most significant first.
    public var high: UInt64
    /// The last 64 bits.
    public var low: UInt64
    /// The zone identifier after `%`, e.g. `eth0` in `fe80::1%eth0`.
    public var zone: String?

    public init(high: UInt64, low: UInt64, zone: String? = nil) {
        self.high = high
        self.low = low
        self.zone = zone
    }

    /// Builds an address from exactly 16 bytes in network order; nil otherwise.
    public init?(bytes: [UInt8], zone: String? = nil) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for byte in bytes[0..<8] { high = high << 8 | UInt64(byte) }
        for byte in bytes[8..<16] { low = low << 8 | UInt64(byte) }
        self.init(high: high, low: low, zone: zone)
    }

    public var bytes: [UInt8] {
        (0..<8).map { UInt8((high >> (56 - 8 * UInt64($0))) & 0xFF) }
            + (0..<8).map { UInt8((low >> (56 - 8 * UInt64($0))) & 0xFF) }
    }

    /// The eight 16-bit groups, most significant first.
    public var groups: [UInt16] {
        (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64($0))) }
            + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64($0))) }
    }

    /// The IPv4 address in the last 32 bits.
    var lastIPv4: UInt32 { UInt32(truncatingIfNeeded: low) }
}
