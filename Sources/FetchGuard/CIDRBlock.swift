/// A network written as `address/prefix` (`10.0.0.0/8`, `fd00::/8`), or a
/// bare address meaning that one address (`/32` or `/128`).
public struct CIDRBlock: Hashable, Sendable, CustomStringConvertible {
    /// The network address, with the host bits cleared.
    public let network: IPAddress
    public let prefixLength: Int

    /// Parses `address[/prefix]`. Host bits set in the address are cleared
    /// (`10.1.2.3/8` is `10.0.0.0/8`). Zones, brackets and out-of-range or
    /// non-decimal prefixes are refused.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let addressText = parts.first, !addressText.contains("%"),
              let address = IPAddress(String(addressText))
        else { return nil }
        let maximum = address.bitWidth
        var prefix = maximum
        if parts.count == 2 {
            let prefixText = parts[1]
            guard (1...3).contains(prefixText.utf8.count),
                  prefixText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  prefixText.utf8.count == 1 || prefixText.utf8.first != 0x30,
                  let parsed = Int(prefixText), parsed <= maximum
            else { return nil }
            prefix = parsed
        }
        self.init(address: address, prefixLength: prefix)
    }

    /// A block from an address and a prefix length, clamped to 0…32 or 0…128.
    public init(address: IPAddress, prefixLength: Int) {
        let length = min(max(prefixLength, 0), address.bitWidth)
        self.prefixLength = length
        self.network = CIDRBlock.masked(address.withoutZone, prefixLength: length)
    }

    /// Whether `ip` is in this block. An IPv4 block never contains an IPv6
    /// address and vice versa; zones are ignored.
    public func contains(_ ip: IPAddress) -> Bool {
        switch (network, ip) {
        case (.v4, .v4), (.v6, .v6):
            return CIDRBlock.masked(ip.withoutZone, prefixLength: prefixLength) == network
        default:
            return false
        }
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func masked(_ ip: IPAddress, prefixLength: Int) -> IPAddress {
        switch ip {
        case .v4(let value):
            let mask: UInt32 = prefixLength == 0 ? 0 : ~0 << UInt32(32 - prefixLength)
            return .v4(value & mask)
        case .v6(let address):
            let highBits = min(prefixLength, 64)
            let lowBits = max(prefixLength - 64, 0)
            let highMask: UInt64 = highBits == 0 ? 0 : ~0 << UInt64(64 - highBits)
            let lowMask: UInt64 = lowBits == 0 ? 0 : ~0 << UInt64(64 - lowBits)
            return .v6(IPv6Address(high: address.high & highMask, low: address.low & lowMask))
        }
    }
}

extension IPAddress {
    /// 32 for IPv4, 128 for IPv6.
    public var bitWidth: Int {
        switch self {
        case .v4: return 32
        case .v6: return 128
        }
    }
}
