/// What kind of destination an address is, as far as a server-side fetcher
/// is concerned. Only `.publicAddress` is reachable without the operator's
/// say-so.
public enum AddressClass: String, Hashable, Sendable, CaseIterable {
    case publicAddress = "public"
    case loopback
    case privateNetwork
    case uniqueLocal
    case linkLocal
    case sharedAddressSpace
    case thisNetwork
    case unspecified
    case multicast
    case broadcast
    case reserved

    /// A noun phrase for messages: "127.0.0.2 is *a loopback address*".
    public var phrase: String {
        switch self {
        case .publicAddress: return "a public address"
        case .loopback: return "a loopback address"
        case .privateNetwork: return "a private network address"
        case .uniqueLocal: return "a unique local address"
        case .linkLocal: return "a link-local address"
        case .sharedAddressSpace: return "a shared address space (carrier-grade NAT) address"
        case .thisNetwork: return "a \"this network\" address"
        case .unspecified: return "the unspecified address"
        case .multicast: return "a multicast address"
        case .broadcast: return "the broadcast address"
        case .reserved: return "a reserved or special-purpose address"
        }
    }
}
