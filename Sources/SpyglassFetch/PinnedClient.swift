import AsyncHTTPClient
import FetchGuard
import NIOCore
import NIOHTTPCompression
import SpyglassPorts

extension OutboundHTTP {
    /// A client for one request that can only reach `destination.address`:
    /// `dnsOverride` maps the URL's host to it (the TLS name stays the host),
    /// so no second DNS answer is ever used, and redirects are left to us.
    func makePinnedClient(for destination: AdmittedDestination) -> HTTPClient {
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: TimeAmount(configuration.connectTimeout),
                read: TimeAmount(configuration.totalTimeout)
            ),
            decompression: .enabled(limit: .size(configuration.maxBodyBytes))
        )
        clientConfiguration.dnsOverride = [destination.url.clientHostKey: destination.address.description]
        // Fail fast: one connection attempt, bounded by the connect timeout.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        // A last check on the socket itself, should anything above be bypassed.
        let pinned = destination.address
        clientConfiguration.http1_1ConnectionDebugInitializer = { channel in
            Self.verifyPeer(of: channel, is: pinned)
        }
        clientConfiguration.http2ConnectionDebugInitializer = { channel in
            Self.verifyPeer(of: channel, is: pinned)
        }
        return HTTPClient(eventLoopGroup: eventLoopGroup, configuration: clientConfiguration)
    }

    static func verifyPeer(of channel: any Channel, is pinned: IPAddress) -> EventLoopFuture<Void> {
        let peer = channel.remoteAddress?.ipAddress.flatMap { IPAddress($0) }
        if let peer, sameDestination(peer, pinned) {
            return channel.eventLoop.makeSucceededVoidFuture()
        }
        channel.close(promise: nil)
        let shownPeer = peer.map(String.init(describing:)) ?? "an unknown address"
        return channel.eventLoop.makeFailedFuture(
            FetchFailure(.addressRefused, "connected to \(shownPeer) instead of the checked \(pinned)")
        )
    }

    /// Equal addresses, ignoring zones and IPv4-mapped spelling.
    private static func sameDestination(_ lhs: IPAddress, _ rhs: IPAddress) -> Bool {
        func unmapped(_ ip: IPAddress) -> IPAddress {
            if case .v6(let v6) = ip.withoutZone, v6.high == 0, v6.low >> 32 == 0xFFFF {
                return .v4(UInt32(truncatingIfNeeded: v6.low))
            }
            return ip.withoutZone
        }
        return unmapped(lhs) == unmapped(rhs)
    }
}
