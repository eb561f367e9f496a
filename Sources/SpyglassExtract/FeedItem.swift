/// One entry of an RSS, Atom or JSON feed.
public struct FeedItem: Sendable, Codable, Equatable, Hashable {
    public var title: String
    public var url: String?
    /// ISO 8601 (UTC) when the feed's date could be read, else as given.
    public var published: String?

    public init(title: String, url: String? = nil, published: String? = nil) {
        self.title = title
        self.url = url
        self.published = published
    }
}
