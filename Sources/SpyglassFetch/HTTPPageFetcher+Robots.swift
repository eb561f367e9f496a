import FetchGuard
import SpyglassPorts

extension HTTPPageFetcher {
    /// Throws `.robotsDisallowed` when the site's robots.txt forbids the path;
    /// throws a transient failure when robots.txt cannot be read for now.
    func checkRobots(for destination: AdmittedDestination) async throws {
        let url = destination.url
        let cacheKey = "\(url.scheme)://\(destination.hostName):\(url.port)"
        let robots = try await robotsCache.robots(for: cacheKey) { [self] in
            do {
                return try await self.loadRobots(firstHop: destination)
            } catch let failure as FetchFailure {
                throw FetchFailure(
                    failure.code,
                    "robots.txt for \(destination.hostName) is unavailable for now (\(failure.message)), "
                        + "so nothing is fetched from it",
                    statusCode: failure.statusCode
                )
            }
        }
        let agent = http.configuration.robotsProductToken
        guard robots.isAllowed(path: url.pathAndQuery, userAgent: http.configuration.userAgent) else {
            throw FetchFailure(
                .robotsDisallowed, "robots.txt disallows \(Shown.text(url.pathAndQuery, limit: 100)) for \(agent)"
            )
        }
    }

    /// RFC 9309 §2.3: follow up to five redirects; 4xx means no rules; 5xx
    /// (and 429) or no answer means "not now". Every hop passes the guard.
    private func loadRobots(firstHop: AdmittedDestination) async throws -> RobotsTxt {
        var url = try firstHop.url.resolving(location: "/robots.txt")
        // Same host as the page: the address just checked serves for both.
        var destination = AdmittedDestination(url: url, address: firstHop.address, hostName: firstHop.hostName)
        var redirectsFollowed = 0
        while true {
            try await http.waitForTurn(host: destination.hostName)
            let reply = try await http.exchange(
                OutboundRequest(
                    method: .get,
                    headers: [
                        HeaderField("User-Agent", http.configuration.userAgent),
                        HeaderField("Accept-Encoding", "gzip, deflate"),
                    ],
                    body: nil
                ),
                at: destination,
                bodyReading: { (200..<300).contains($0) ? .truncateAt(RobotsTxt.maximumSize) : .skip }
            )

            switch reply.statusCode {
            case 200..<300:
                return RobotsTxt(bytes: reply.body)
            case 301, 302, 303, 307, 308:
                redirectsFollowed += 1
                guard redirectsFollowed <= 5, let location = reply.header("Location"),
                      let next = try? url.resolving(location: location)
                else { return .allowAll }
                url = next
                do {
                    destination = try await http.admit(url)
                } catch let failure as FetchFailure where failure.code == .addressRefused || failure.code == .invalidURL {
                    // A robots.txt we may not read is as good as none.
                    return .allowAll
                }
            case 429, 500...:
                throw FetchFailure(.httpStatus, "HTTP \(reply.statusCode)", statusCode: reply.statusCode)
            default:
                return .allowAll
            }
        }
    }
}
