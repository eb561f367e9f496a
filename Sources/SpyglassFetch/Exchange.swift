import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import SpyglassPorts

extension OutboundHTTP {
    /// Sends one request to an admitted destination over a client pinned to
    /// its address, and reads as much of the answer as `bodyReading` says.
    /// The whole exchange is bounded by `totalTimeout`.
    func exchange(
        _ request: OutboundRequest,
        at destination: AdmittedDestination,
        bodyReading: @escaping @Sendable (Int) -> BodyReading
    ) async throws -> OutboundReply {
        let client = makePinnedClient(for: destination)
        let timeoutFailure = FetchFailure(
            .timeout,
            "no complete answer from \(destination.hostName) within \(Self.seconds(configuration.totalTimeout))"
        )
        do {
            let reply = try await withTimeLimit(
                configuration.totalTimeout,
                failure: timeoutFailure,
                onTimeout: { try? await client.shutdown() },
                { try await self.send(request, to: destination, with: client, bodyReading: bodyReading) }
            )
            try? await client.shutdown()
            return reply
        } catch {
            try? await client.shutdown()
            throw FetchFailure.from(error, talkingTo: destination.hostName)
        }
    }

    private func send(
        _ request: OutboundRequest,
        to destination: AdmittedDestination,
        with client: HTTPClient,
        bodyReading: (Int) -> BodyReading
    ) async throws -> OutboundReply {
        var clientRequest = HTTPClientRequest(url: destination.url.text)
        switch request.method {
        case .get: clientRequest.method = .GET
        case .post: clientRequest.method = .POST
        }
        for header in request.headers {
            guard Self.isSendable(header) else {
                throw FetchFailure(.invalidURL, "the header \(Shown.text(header.name, limit: 40)) cannot be sent as given")
            }
            clientRequest.headers.add(name: header.name, value: header.value)
        }
        if let body = request.body {
            clientRequest.body = .bytes(ByteBuffer(bytes: body))
        }
        logger.debug(
            "outbound request",
            metadata: ["url": "\(destination.url.text)", "address": "\(destination.address)"]
        )
        let response = try await client.execute(
            clientRequest,
            deadline: .now() + TimeAmount(configuration.totalTimeout),
            logger: logger
        )
        let statusCode = Int(response.status.code)
        let headers = response.headers.map { HeaderField($0.name, $0.value) }

        var body: [UInt8] = []
        switch bodyReading(statusCode) {
        case .skip:
            break
        case .failBeyond(let limit):
            if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared > limit {
                throw Self.bodyTooLarge(limit)
            }
            for try await chunk in response.body {
                guard chunk.readableBytes <= limit - body.count else { throw Self.bodyTooLarge(limit) }
                body += chunk.readableBytesView
            }
        case .truncateAt(let limit):
            for try await chunk in response.body {
                body += chunk.readableBytesView.prefix(limit - body.count)
                if body.count >= limit { break }
            }
        }
        return OutboundReply(statusCode: statusCode, headers: headers, body: body)
    }

    /// RFC 9110 field names are tokens; values may not break the line.
    private static func isSendable(_ header: HeaderField) -> Bool {
        let tokenSymbols = Set("!#$%&'*+-.^_`|~".utf8)
        let nameIsToken = !header.name.isEmpty && header.name.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || tokenSymbols.contains(byte)
        }
        let valueIsClean = header.value.utf8.allSatisfy { $0 != 0x0A && $0 != 0x0D && $0 != 0x00 }
        return nameIsToken && valueIsClean
    }

    static func bodyTooLarge(_ limit: Int) -> FetchFailure {
        FetchFailure(.bodyTooLarge, "the answer is larger than the \(byteCount(limit)) limit")
    }

    static func byteCount(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024, bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18) s"
    }
}
