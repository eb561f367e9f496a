/// The page's title, descriptions and canonical URL.
public struct PageMeta: Sendable, Codable, Equatable, Hashable {
    public var title: String?
    public var description: String?
    public var ogTitle: String?
    public var ogDescription: String?
    public var canonical: String?

    public init(
        title: String? = nil, description: String? = nil, ogTitle: String? = nil,
        ogDescription: String? = nil, canonical: String? = nil
    ) {
        self.title = title
        self.description = description
        self.ogTitle = ogTitle
        self.ogDescription = ogDescription
        self.canonical = canonical
    }
}
