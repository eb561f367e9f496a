import CLibXML2

/// An RSS 2.0, RSS 1.0 (RDF) or Atom 1.0 document, read by walking the parsed
/// XML tree (no XPath, no namespaces to bind). Lives only inside the closure
/// that owns the libxml2 document.
struct FeedDocument {
    static let atomNamespace = "http://www.w3.org/2005/Atom"
    /// A description standing in for a missing title is cut to this length.
    static let maxSummaryCharacters = 200

    private enum Format {
        case rss, atom
    }

    private let format: Format
    private let titleElement: xmlNodePtr?
    /// RSS items or Atom entries, in document order.
    let items: [xmlNodePtr]
    private let reader: FeedTextReader

    /// Finds the feed under `root`, or explains why it is not a feed.
    init(root: xmlNodePtr, limits: HTMLNormalizer.Limits) throws(HTMLError) {
        reader = FeedTextReader(limits: limits)
        switch root.name {
        case "rss":
            guard let channel = Self.children(of: root, named: "channel").first else {
                throw HTMLError(.invalidFeed, "RSS document has no <channel>")
            }
            format = .rss
            titleElement = Self.children(of: channel, named: "title").first
            items = Self.children(of: channel, named: "item")
        case "RDF":
            // RSS 1.0: items are siblings of the channel.
            format = .rss
            titleElement = Self.children(of: root, named: "channel").first
                .flatMap { Self.children(of: $0, named: "title").first }
            items = Self.children(of: root, named: "item")
        case "feed":
            format = .atom
            titleElement = Self.children(of: root, named: "title").first
            items = Self.children(of: root, named: "entry")
        default:
            throw HTMLError(.invalidFeed, "not an RSS or Atom feed (root element <\(root.name)>)")
        }
    }

    var title: String? {
        titleElement.map(format == .atom ? reader.atomText : reader.plainText).flatMap(Self.nonEmpty)
    }

    /// "title — link", or whichever of the two exists; nil when neither does.
    /// A missing title is replaced by the start of the description or summary.
    func line(for item: xmlNodePtr) -> String? {
        let entry = format == .atom ? atomEntry(item) : rssEntry(item)
        switch (entry.heading, entry.link) {
        case let (heading?, link?): return heading + FeedText.separator + link
        case let (heading?, nil): return heading
        case let (nil, link?): return link
        case (nil, nil): return nil
        }
    }

    private func rssEntry(_ item: xmlNodePtr) -> (heading: String?, link: String?) {
        let heading = Self.children(of: item, named: "title").first.map(reader.plainText).flatMap(Self.nonEmpty)
            ?? Self.children(of: item, named: "description").first
                .map { reader.htmlText($0, maxCharacters: Self.maxSummaryCharacters) }.flatMap(Self.nonEmpty)
        // An item may also carry <atom:link rel="self">; the RSS <link> is the one without a namespace.
        let link = Self.children(of: item, named: "link")
            .first { $0.namespaceURI != Self.atomNamespace }
            .map(reader.plainText).flatMap(Self.nonEmpty)
        let permalink = Self.children(of: item, named: "guid").first.flatMap { guid -> String? in
            let text = reader.plainText(guid)
            return guid.attribute("isPermaLink") != "false" && text.hasPrefix("http") ? text : nil
        }
        return (heading, link ?? permalink)
    }

    private func atomEntry(_ entry: xmlNodePtr) -> (heading: String?, link: String?) {
        let heading = Self.children(of: entry, named: "title").first.map(reader.atomText).flatMap(Self.nonEmpty)
            ?? Self.children(of: entry, named: "summary").first
                .map { reader.atomText($0, maxCharacters: Self.maxSummaryCharacters) }.flatMap(Self.nonEmpty)
        let links = Self.children(of: entry, named: "link")
        let alternate = links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first
        return (heading, alternate?.attribute("href")?.trimmingASCIISpace())
    }

    static func children(of parent: xmlNodePtr, named name: String) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = parent.firstChild
        while let node = child {
            if node.type == XML_ELEMENT_NODE && node.name == name { result.append(node) }
            child = node.nextSibling
        }
        return result
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }
}

/// Turns feed elements into one line of text each.
struct FeedTextReader {
    let limits: HTMLNormalizer.Limits

    /// The element's text, whitespace collapsed, on one line.
    func plainText(_ element: xmlNodePtr) -> String {
        var walker = VisibleTextWalker(maxDepth: limits.maxDepth, maxOutputBytes: limits.maxOutputBytes)
        walker.walk(element)
        var collector = walker.collector
        return collector.finish().joined(separator: " ")
    }

    /// Text that holds escaped HTML (RSS descriptions, Atom `type="html"`).
    func htmlText(_ element: xmlNodePtr, maxCharacters: Int? = nil) -> String {
        let html = characterData(element)
        let normalized = try? HTMLNormalizer(limits: limits).normalize(html: Array(html.utf8), charset: "UTF-8")
        return Self.shortened(normalized?.lines.joined(separator: " ") ?? "", to: maxCharacters)
    }

    /// Atom text constructs: `type` is text (the default), html or xhtml.
    func atomText(_ element: xmlNodePtr) -> String {
        atomText(element, maxCharacters: nil)
    }

    func atomText(_ element: xmlNodePtr, maxCharacters: Int?) -> String {
        if element.attribute("type") == "html" { return htmlText(element, maxCharacters: maxCharacters) }
        return Self.shortened(plainText(element), to: maxCharacters)
    }

    private static func shortened(_ text: String, to maxCharacters: Int?) -> String {
        guard let maxCharacters, text.count > maxCharacters else { return text }
        return String(text.prefix(maxCharacters)) + "…"
    }

    /// The element's text and CDATA children joined (escaped HTML arrives
    /// here unescaped once by the XML parser), within the output limit.
    private func characterData(_ element: xmlNodePtr) -> String {
        var result = ""
        var child = element.firstChild
        while let node = child, result.utf8.count < limits.maxOutputBytes {
            if node.type == XML_TEXT_NODE || node.type == XML_CDATA_SECTION_NODE, let content = node.pointee.content {
                result += String(cString: content)
            }
            child = node.nextSibling
        }
        return result
    }
}
