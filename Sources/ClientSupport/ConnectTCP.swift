import NIOCore
import NIOPosix

/// Opens a TCP connection to `host:port` on `eventLoop`, with Nagle's algorithm off (requests are
/// small and waited for) and at most `connectTimeout` per attempt. An IP literal is connected to
/// directly, with no resolver round trip. `channelInitializer` sets up the pipeline before the
/// first byte flows. Throws whatever NIO reports when no connection can be made.
public func connectTCP(
    host: String,
    port: Int,
    eventLoop: any EventLoop,
    connectTimeout: TimeAmount,
    channelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
) async throws -> any Channel {
    let bootstrap = ClientBootstrap(group: eventLoop)
        .connectTimeout(connectTimeout)
        .channelOption(.socketOption(.tcp_nodelay), value: 1)
        .channelInitializer(channelInitializer)
    if let address = try? SocketAddress(ipAddress: host, port: port) {
        return try await bootstrap.connect(to: address).get()
    }
    return try await bootstrap.connect(host: host, port: port).get()
}
