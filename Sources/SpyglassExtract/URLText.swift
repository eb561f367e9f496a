import Foundation

/// URL helpers over strings: pages give relative links, facts keep absolute ones.
enum URLText {
    static func host(of url: String) -> String? {
        URLComponents(string: url)?.host?.lowercased()
    }

    /// `href` made absolute against `base`; nil for empty, fragment-only,
    /// javascript: and mailto: links. Without a base, a relative link is
    /// kept as written.
    static func resolve(_ href: String, base: String?) -> String? {
        let trimmed = href.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = trimmed.lowercased()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !lowered.hasPrefix("javascript:"),
              !lowered.hasPrefix("mailto:"), !lowered.hasPrefix("tel:"), !lowered.hasPrefix("data:"),
              trimmed.utf8.count <= 4096
        else { return nil }
        guard let base, let baseURL = URL(string: base), let resolved = URL(string: trimmed, relativeTo: baseURL) else {
            return trimmed
        }
        return resolved.absoluteString
    }

    /// The path and query of a URL for short summaries ("/pricing/teams");
    /// the text itself when it does not parse.
    static func shortForm(_ url: String) -> String {
        guard let components = URLComponents(string: url), components.host != nil else { return url }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return components.percentEncodedQuery.map { path + "?" + $0 } ?? path
    }

    /// True for http and https URLs with a host.
    static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
