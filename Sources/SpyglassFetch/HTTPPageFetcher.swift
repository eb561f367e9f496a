import FetchGuard
import SpyglassPorts

/// Fetches pages politely and safely: robots.txt obeyed, one request per
/// host per politeness interval, every redirect hop re-checked by the
/// address guard, conditional GET, bounded size and time.
public struct HTTPPageFetcher: PageFetcher {
    let http: OutboundHTTP
    let robotsCache: RobotsCache

    public init(http: OutboundHTTP) {
        self.http = http
        self.robotsCache = RobotsCache(timeToLive: http.configuration.robotsCacheTTL)
    }

    public func fetch(_ request: FetchRequest) async throws -> FetchResult {
        do {
            return try await fetchFollowingRedirects(request)
        } catch {
            throw FetchFailure.from(error, talkingTo: "the server")
        }
    }

    private func fetchFollowingRedirects(_ request: FetchRequest) async throws -> FetchResult {
        let configuration = http.configuration
        var url = try TargetURL(request.url)
        var redirectsFollowed = 0
        while true {
            let destination: AdmittedDestination
            do {
                destination = try await http.admit(url)
            } catch let failure as FetchFailure where redirectsFollowed > 0 {
                throw FetchFailure(failure.code, "redirect to \(Shown.text(url.text)) refused: \(failure.message)")
            }
            if configuration.honourRobots { try await checkRobots(for: destination) }
            try await http.waitForTurn(host: destination.hostName)

            let maxBodyBytes = configuration.maxBodyBytes
            let reply = try await http.exchange(
                OutboundRequest(method: .get, headers: headers(for: request), body: nil),
                at: destination,
                bodyReading: { (200..<300).contains($0) ? .failBeyond(maxBodyBytes) : .skip }
            )

            switch reply.statusCode {
            case 200..<300:
                return .fetched(
                    FetchedDocument(
                        finalURL: url.text,
                        statusCode: reply.statusCode,
                        contentType: reply.header("Content-Type"),
                        body: reply.body,
                        etag: reply.header("ETag"),
                        lastModified: reply.header("Last-Modified")
                    )
                )
            case 304:
                return .notModified
            case 301, 302, 303, 307, 308:
                guard let location = reply.header("Location"), !location.isEmpty else {
                    throw FetchFailure(
                        .httpStatus, "\(destination.hostName) answered HTTP \(reply.statusCode) without a Location",
                        statusCode: reply.statusCode
                    )
                }
                redirectsFollowed += 1
                guard redirectsFollowed <= configuration.maxRedirects else {
                    throw FetchFailure(
                        .tooManyRedirects,
                        "more than \(configuration.maxRedirects) redirects, starting from \(Shown.text(request.url))"
                    )
                }
                url = try url.resolving(location: location)
            default:
                throw FetchFailure(
                    .httpStatus, "\(destination.hostName) answered HTTP \(reply.statusCode)",
                    statusCode: reply.statusCode
                )
            }
        }
    }

    private func headers(for request: FetchRequest) -> [HeaderField] {
        var headers = [
            HeaderField("User-Agent", http.configuration.userAgent),
            HeaderField("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            HeaderField("Accept-Encoding", "gzip, deflate"),
        ]
        // Validators come from an earlier answer: send them only if sendable.
        if let etag = request.etag, Self.isPlainHeaderValue(etag) {
            headers.append(HeaderField("If-None-Match", etag))
        }
        if let lastModified = request.lastModified, Self.isPlainHeaderValue(lastModified) {
            headers.append(HeaderField("If-Modified-Since", lastModified))
        }
        return headers
    }

    private static func isPlainHeaderValue(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 1024 && value.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F }
    }
}
