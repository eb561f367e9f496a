import CLibXML2

/// Normalises RSS 2.0, RSS 1.0 and Atom 1.0 feeds: the feed title, then one
/// line per item, "title — link", in document order.
///
/// The XML parser runs without entity substitution and without DTD loading,
/// and entity references are never expanded when reading text: no XXE, no
/// entity-expansion bombs.
public struct FeedText: Sendable {
    public static let separator = " — "

    public var limits: HTMLNormalizer.Limits

    public init(limits: HTMLNormalizer.Limits = .default) {
        self.limits = limits
    }

    public func normalize(xml: [UInt8]) throws(HTMLError) -> NormalizedText {
        guard xml.count <= limits.maxInputBytes else {
            throw HTMLError(.tooLarge, "feed is \(xml.count) bytes, more than the limit of \(limits.maxInputBytes)")
        }
        // Some servers emit blank lines before the XML declaration, which
        // libxml2 rightly rejects; they carry nothing, so skip them.
        let start = xml.firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } ?? xml.endIndex
        return try LibXML.withXMLDocument(Array(xml[start...])) { document throws(HTMLError) in
            guard let document else { throw HTMLError(.invalidFeed, "feed is empty or not well-formed XML") }
            guard let root = xmlDocGetRootElement(document) else {
                throw HTMLError(.invalidFeed, "feed has no root element")
            }
            return lines(of: try FeedDocument(root: root, limits: limits))
        }
    }

    /// Reads items only until the output limit is reached.
    private func lines(of feed: FeedDocument) -> NormalizedText {
        let title = feed.title
        var lines: [String] = []
        var usedBytes = 0
        func add(_ line: String) -> Bool {
            let cost = line.utf8.count + (lines.isEmpty ? 0 : 1)
            guard usedBytes + cost <= limits.maxOutputBytes else { return false }
            usedBytes += cost
            lines.append(line)
            return true
        }
        if let title, !add(title) {
            return NormalizedText(lines: [], title: title, truncated: true)
        }
        for item in feed.items {
            guard let line = feed.line(for: item) else { continue }
            if !add(line) {
                return NormalizedText(lines: lines, title: title, truncated: true)
            }
        }
        return NormalizedText(lines: lines, title: title, truncated: false)
    }
}
