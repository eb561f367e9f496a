/// Sorts addresses into `AddressClass`es from the IANA special-purpose
/// registries (RFC 6890 and successors).
public enum AddressClassifier {
    public static func classify(_ ip: IPAddress) -> AddressClass {
        switch ip {
        case .v4(let value): return classifyIPv4(value)
        case .v6(let address): return classifyIPv6(address)
        }
    }

    /// The IPv4 address carried inside an IPv6 address by one of the
    /// translation or tunnelling forms, which reach that IPv4 host and so are
    /// judged as it would be: IPv4-mapped `::ffff:0:0/96`, IPv4-compatible
    /// `::/96` (other than `::` and `::1`), NAT64 `64:ff9b::/96` and 6to4
    /// `2002::/16`.
    public static func embeddedIPv4(in address: IPv6Address) -> UInt32? {
        if address.high == 0, address.low >> 32 == 0xFFFF { return address.lastIPv4 }
        if address.high == 0, address.low >> 32 == 0, address.low > 1 { return address.lastIPv4 }
        if address.high == 0x0064_FF9B_0000_0000, address.low >> 32 == 0 { return address.lastIPv4 }
        if address.high >> 48 == 0x2002 { return UInt32(truncatingIfNeeded: address.high >> 16) }
        return nil
    }

    private struct Range4 {
        let network: UInt32
        let prefix: Int
        let addressClass: AddressClass

        func contains(_ value: UInt32) -> Bool {
            prefix == 0 || value >> UInt32(32 - prefix) == network >> UInt32(32 - prefix)
        }
    }

    private static let ipv4Ranges: [Range4] = [
        Range4(network: 0x0000_0000, prefix: 8, addressClass: .thisNetwork),  // 0.0.0.0/8
        Range4(network: 0x0A00_0000, prefix: 8, addressClass: .privateNetwork),  // 10.0.0.0/8
        Range4(network: 0x6440_0000, prefix: 10, addressClass: .sharedAddressSpace),  // 100.64.0.0/10
        Range4(network: 0x7F00_0000, prefix: 8, addressClass: .loopback),  // 127.0.0.0/8
        Range4(network: 0xA9FE_0000, prefix: 16, addressClass: .linkLocal),  // 169.254.0.0/16
        Range4(network: 0xAC10_0000, prefix: 12, addressClass: .privateNetwork),  // 172.16.0.0/12
        Range4(network: 0xC000_0000, prefix: 24, addressClass: .reserved),  // 192.0.0.0/24 IETF protocol assignments
        Range4(network: 0xC000_0200, prefix: 24, addressClass: .reserved),  // 192.0.2.0/24 TEST-NET-1
        Range4(network: 0xC058_6300, prefix: 24, addressClass: .reserved),  // 192.88.99.0/24 deprecated 6to4 relay
        Range4(network: 0xC0A8_0000, prefix: 16, addressClass: .privateNetwork),  // 192.168.0.0/16
        Range4(network: 0xC612_0000, prefix: 15, addressClass: .reserved),  // 198.18.0.0/15 benchmarking
        Range4(network: 0xC633_6400, prefix: 24, addressClass: .reserved),  // 198.51.100.0/24 TEST-NET-2
        Range4(network: 0xCB00_7100, prefix: 24, addressClass: .reserved),  // 203.0.113.0/24 TEST-NET-3
        Range4(network: 0xE000_0000, prefix: 4, addressClass: .multicast),  // 224.0.0.0/4
        Range4(network: 0xFFFF_FFFF, prefix: 32, addressClass: .broadcast),  // 255.255.255.255
        Range4(network: 0xF000_0000, prefix: 4, addressClass: .reserved),  // 240.0.0.0/4
    ]

    static func classifyIPv4(_ value: UInt32) -> AddressClass {
        ipv4Ranges.first { $0.contains(value) }?.addressClass ?? .publicAddress
    }

    static func classifyIPv6(_ address: IPv6Address) -> AddressClass {
        let high = address.high
        if high == 0, address.low == 0 { return .unspecified }
        if high == 0, address.low == 1 { return .loopback }
        if let v4 = embeddedIPv4(in: address) { return classifyIPv4(v4) }

        let firstGroup = UInt16(truncatingIfNeeded: high >> 48)
        if firstGroup & 0xFF00 == 0xFF00 { return .multicast }  // ff00::/8
        if firstGroup & 0xFFC0 == 0xFE80 { return .linkLocal }  // fe80::/10
        if firstGroup & 0xFE00 == 0xFC00 { return .uniqueLocal }  // fc00::/7
        // Only 2000::/3 is allocated for global unicast; everything else that
        // is left (::/8 remnants, 100::/64 discard, fec0::/10 site-local, …)
        // is reserved by the IETF.
        guard firstGroup & 0xE000 == 0x2000 else { return .reserved }
        if high >> 32 == 0x2001_0DB8 { return .reserved }  // 2001:db8::/32 documentation
        if firstGroup & 0xFFF0 == 0x3FF0 { return .reserved }  // 3fff::/20 documentation (RFC 9637)
        if firstGroup == 0x2001, UInt16(truncatingIfNeeded: high >> 32) < 0x0200 {
            return .reserved  // 2001::/23 IETF protocol assignments, Teredo included
        }
        return .publicAddress
    }
}
