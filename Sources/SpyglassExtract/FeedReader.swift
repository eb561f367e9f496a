import SpyglassHTML

/// Entries of RSS 2.0, RSS 1.0, Atom 1.0 and JSON Feed 1.x documents.
struct FeedReader {
    var baseURL: String?
    static let maxItems = 1000
    private static let maxTitleLength = 300
    private static let atomNamespace = "http://www.w3.org/2005/Atom"
    private let dates = FeedDate()

    init(baseURL: String?) {
        self.baseURL = baseURL
    }

    // MARK: XML feeds

    func items(xml root: HTMLNode) -> [FeedItem] {
        guard let top = root.elementChildren.first else { return [] }
        let entries: [HTMLNode]
        switch top.name {
        case "rss": entries = top.child("channel")?.children(named: "item") ?? []
        case "RDF": entries = top.children(named: "item")
        case "feed": entries = top.children(named: "entry")
        default: return []
        }
        return entries.prefix(Self.maxItems).compactMap { entry in
            top.name == "feed" ? atomItem(entry) : rssItem(entry)
        }
    }

    private func rssItem(_ item: HTMLNode) -> FeedItem? {
        let link = item.children(named: "link").first { $0.namespaceURI != Self.atomNamespace }.map(\.collapsedText)
            ?? item.child("guid").flatMap { guid in
                guid.attribute("isPermaLink") != "false" && URLText.isWebURL(guid.collapsedText) ? guid.collapsedText : nil
            }
            ?? item.children(named: "link").first { $0.namespaceURI == Self.atomNamespace }?.attribute("href")
        let published = (item.child("pubDate") ?? item.child("date") ?? item.child("published") ?? item.child("updated"))
            .flatMap { dates.normalized($0.collapsedText) }
        return make(
            title: item.child("title").map { Self.stripTags($0.collapsedText) },
            fallback: item.child("description").map { Self.stripTags($0.collapsedText) },
            link: link, published: published
        )
    }

    private func atomItem(_ entry: HTMLNode) -> FeedItem? {
        let links = entry.children(named: "link")
        let link = (links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first)?.attribute("href")
        let published = (entry.child("published") ?? entry.child("updated")).flatMap { dates.normalized($0.collapsedText) }
        return make(
            title: entry.child("title").map(Self.atomText),
            fallback: entry.child("summary").map(Self.atomText),
            link: link, published: published
        )
    }

    private static func atomText(_ element: HTMLNode) -> String {
        element.attribute("type") == "html" ? stripTags(element.collapsedText) : element.collapsedText
    }

    // MARK: JSON Feed

    func items(json feed: JSONValue) -> [FeedItem] {
        (feed["items"]?.arrayValue ?? []).prefix(Self.maxItems).compactMap { item in
            let link = item["url"]?.scalarText ?? item["external_url"]?.scalarText
                ?? item["id"]?.scalarText.flatMap { URLText.isWebURL($0) ? $0 : nil }
            return make(
                title: item["title"]?.scalarText,
                fallback: item["summary"]?.scalarText ?? item["content_text"]?.scalarText,
                link: link,
                published: (item["date_published"] ?? item["date_modified"])?.scalarText.flatMap(dates.normalized)
            )
        }
    }

    static func isJSONFeed(_ value: JSONValue) -> Bool {
        value["version"]?.scalarText?.hasPrefix("https://jsonfeed.org/version/") == true && value["items"]?.arrayValue != nil
    }

    // MARK: Shared

    private func make(title: String?, fallback: String?, link: String?, published: String?) -> FeedItem? {
        let url = link.flatMap { URLText.resolve($0, base: baseURL) }
        let heading = [title, fallback, url].compactMap { $0.map(TextTools.collapse) }.first { !$0.isEmpty }
        guard let heading else { return nil }
        return FeedItem(title: TextTools.clip(heading, to: Self.maxTitleLength), url: url, published: published)
    }

    /// Escaped HTML in titles and summaries, reduced to its text.
    static func stripTags(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var result = ""
        var inTag = false
        for character in text {
            if character == "<" {
                inTag = true
            } else if character == ">" && inTag {
                inTag = false
                result.append(" ")
            } else if !inTag {
                result.append(character)
            }
        }
        return TextTools.collapse(TextTools.decodeEntities(result))
    }
}
