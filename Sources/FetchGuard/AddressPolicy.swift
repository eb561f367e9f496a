/// Decides which destinations a server-side fetcher may connect to: public
/// addresses, plus whatever networks the operator allowed explicitly.
public struct AddressPolicy: Hashable, Sendable {
    public var allowedNetworks: [CIDRBlock]

    public init(allowedNetworks: [CIDRBlock] = []) {
        self.allowedNetworks = allowedNetworks
    }

    /// `.allowed` for a public address or one inside an allowed network.
    public func verdict(for ip: IPAddress) -> AddressVerdict {
        guard let refusal = refusal(for: ip) else { return .allowed }
        return .refused(reason: "\(ip) is \(refusal)")
    }

    /// Judges every address a host name resolved to: one refused address
    /// refuses the host, since the connection could go to any of them.
    public func verdict(forHost host: String, resolvedTo addresses: [IPAddress]) -> AddressVerdict {
        guard !addresses.isEmpty else {
            return .refused(reason: "\(host) did not resolve to any address")
        }
        for ip in addresses {
            if let refusal = refusal(for: ip) {
                return .refused(reason: "\(host) resolves to \(ip), which is \(refusal)")
            }
        }
        return .allowed
    }

    /// The reason an address is refused (a noun phrase), or nil if allowed.
    private func refusal(for ip: IPAddress) -> String? {
        let addressClass = AddressClassifier.classify(ip)
        if addressClass == .publicAddress || isInAllowedNetwork(ip) { return nil }
        var notes: [String] = []
        var embedded: IPAddress?
        if case .v6(let v6) = ip, let v4 = AddressClassifier.embeddedIPv4(in: v6) {
            embedded = .v4(v4)
            notes.append("it embeds IPv4 \(IPAddress.v4(v4))")
        }
        if AddressPolicy.metadataAddresses.contains(ip.withoutZone)
            || embedded.map(AddressPolicy.metadataAddresses.contains) == true {
            notes.append("the cloud metadata endpoint")
        }
        return notes.isEmpty ? addressClass.phrase : "\(addressClass.phrase) (\(notes.joined(separator: ", ")))"
    }

    /// An IPv4-mapped IPv6 address is the same socket destination as its IPv4
    /// address, so an IPv4 allowance covers it too.
    private func isInAllowedNetwork(_ ip: IPAddress) -> Bool {
        if allowedNetworks.contains(where: { $0.contains(ip) }) { return true }
        if case .v6(let v6) = ip, v6.high == 0, v6.low >> 32 == 0xFFFF {
            let mapped = IPAddress.v4(v6.lastIPv4)
            return allowedNetworks.contains { $0.contains(mapped) }
        }
        return false
    }

    /// Named only to say so in messages; they are refused for their class.
    private static let metadataAddresses: Set<IPAddress> = [
        .v4(0xA9FE_A9FE),  // 169.254.169.254
        .v6(IPv6Address(high: 0xFD00_0EC2_0000_0000, low: 0x254)),  // fd00:ec2::254
    ]
}

/// The answer for one address.
public enum AddressVerdict: Hashable, Sendable {
    case allowed
    /// `reason` is one line naming the address and its class.
    case refused(reason: String)
}
