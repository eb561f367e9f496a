import FetchGuard
import NIOCore
import NIOEmbedded
import SpyglassPorts
import Testing

@testable import SpyglassFetch

/// The last line of defence: a connection whose peer is not the checked
/// address is closed before any request is written on it.
@Suite struct PeerCheckTests {
    private func check(peer: String, pinned: String) throws -> Result<Void, any Error>? {
        let channel = EmbeddedChannel()
        channel.remoteAddress = try SocketAddress(ipAddress: peer, port: 80)
        var outcome: Result<Void, any Error>?
        OutboundHTTP.verifyPeer(of: channel, is: try #require(IPAddress(pinned))).whenComplete { outcome = $0 }
        return outcome
    }

    @Test func theCheckedPeerPasses() throws {
        guard case .success = try check(peer: "127.0.0.1", pinned: "127.0.0.1") else {
            Issue.record("the pinned peer must pass")
            return
        }
        guard case .success = try check(peer: "::ffff:127.0.0.1", pinned: "127.0.0.1") else {
            Issue.record("an IPv4-mapped spelling of the pinned peer must pass")
            return
        }
    }

    @Test func anyOtherPeerIsRefused() throws {
        for (peer, pinned) in [("127.0.0.2", "127.0.0.1"), ("::1", "127.0.0.1"), ("127.0.0.1", "::1")] {
            guard case .failure(let error) = try check(peer: peer, pinned: pinned) else {
                Issue.record("\(peer) must not pass for \(pinned)")
                continue
            }
            #expect((error as? FetchFailure)?.code == .addressRefused)
        }
    }
}
