import Foundation
import NIOCore
import SpyglassPorts

/// An absolute http(s) URL, read with the same parser AsyncHTTPClient uses
/// so that the host the guard judges is the host the client would contact.
struct TargetURL: Sendable, Equatable {
    /// The text handed to the HTTP client.
    let text: String
    /// `http` or `https`.
    let scheme: String
    /// As AsyncHTTPClient sees it: percent-decoded, IPv6 without brackets.
    let host: String
    let port: Int
    /// Path and query, percent-encoded, for robots.txt matching.
    let pathAndQuery: String

    init(_ text: String) throws {
        guard text.utf8.count <= 8 * 1024 else {
            throw FetchFailure(.invalidURL, "the URL is longer than 8 KiB")
        }
        guard let url = URL(string: text) else {
            throw FetchFailure(.invalidURL, "\(Shown.text(text)) is not a valid URL")
        }
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            let scheme = url.scheme.map { "\($0):" } ?? "a URL without a scheme"
            throw FetchFailure(.invalidURL, "only http and https URLs are fetched, not \(Shown.text(scheme))")
        }
        guard let host = url.host, !host.isEmpty else {
            throw FetchFailure(.invalidURL, "\(Shown.text(text)) has no host")
        }
        guard url.user == nil, url.password == nil else {
            throw FetchFailure(.invalidURL, "URLs with user names or passwords in them are not fetched")
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65_535).contains(port) else {
            throw FetchFailure(.invalidURL, "\(port) is not a valid port")
        }
        self.text = url.absoluteString
        self.scheme = scheme
        self.host = host
        self.port = port
        let path = url.path(percentEncoded: true)
        let query = url.query(percentEncoded: true).map { "?" + $0 } ?? ""
        self.pathAndQuery = (path.isEmpty ? "/" : path) + query
    }

    /// The target of a redirect's `Location`, which may be relative.
    func resolving(location: String) throws -> TargetURL {
        guard let base = URL(string: text), let target = URL(string: location, relativeTo: base) else {
            throw FetchFailure(.invalidURL, "the redirect to \(Shown.text(location)) is not a valid URL")
        }
        return try TargetURL(target.absoluteString)
    }

    /// The key AsyncHTTPClient looks up in `dnsOverride`: the host as its
    /// connection target writes it, IPv6 literals in brackets.
    var clientHostKey: String {
        if let address = try? SocketAddress(ipAddress: host, port: 0), case .v6 = address {
            return "[\(host)]"
        }
        return host
    }
}
