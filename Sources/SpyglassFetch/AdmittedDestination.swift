import FetchGuard
import SpyglassPorts

/// A URL whose host the guard has judged, with the one address the request
/// must connect to. The client is only ever given this address.
struct AdmittedDestination: Sendable {
    let url: TargetURL
    let address: IPAddress
    /// The host as judged (lower-cased name or canonical address): the
    /// politeness key.
    let hostName: String
}

extension OutboundHTTP {
    /// Judges the scheme (already by `TargetURL`), the host name, and every
    /// address the name resolves to. Nothing is connected to before this.
    func admit(_ url: TargetURL) async throws -> AdmittedDestination {
        let policy = configuration.addressPolicy
        switch policy.verdict(forHost: url.host) {
        case .invalid(let reason):
            throw FetchFailure(.invalidURL, reason)
        case .refused(let reason):
            throw FetchFailure(.addressRefused, reason)
        case .address(let address):
            return AdmittedDestination(url: url, address: address, hostName: address.description)
        case .name(let name):
            let addresses: [IPAddress]
            do {
                addresses = try await resolver.resolve(host: name)
            } catch let failure as FetchFailure {
                throw failure
            } catch {
                throw FetchFailure(.network, "could not resolve \(name): \(Shown.text(String(describing: error)))")
            }
            switch policy.verdict(forHost: name, resolvedTo: addresses) {
            case .refused(let reason):
                throw FetchFailure(.addressRefused, reason)
            case .allowed:
                guard let first = addresses.first else {
                    throw FetchFailure(.network, "\(name) did not resolve to any address")
                }
                return AdmittedDestination(url: url, address: first, hostName: name)
            }
        }
    }
}
