import SpyglassHTML

/// The page URLs of a `urlset` and the sitemap URLs of a `sitemapindex`.
enum SitemapReader {
    /// The protocol's own limit per file.
    static let maxURLs = 50_000

    static func urls(_ root: HTMLNode) -> [String] {
        guard let top = root.elementChildren.first else { return [] }
        let entries: [HTMLNode]
        switch top.name {
        case "urlset": entries = top.children(named: "url")
        case "sitemapindex": entries = top.children(named: "sitemap")
        default: return []
        }
        var seen = Set<String>()
        var result: [String] = []
        for entry in entries where result.count < maxURLs {
            guard let location = entry.child("loc")?.collapsedText, URLText.isWebURL(location),
                  seen.insert(location).inserted
            else { continue }
            result.append(location)
        }
        return result
    }
}
