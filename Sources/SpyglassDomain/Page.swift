/// One page of a list, with the cursor of the next page when there is one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The key of the last item, when more items follow; the API makes it opaque.
    public var nextAfter: String?

    public init(items: [Item], nextAfter: String?) {
        self.items = items
        self.nextAfter = nextAfter
    }

    /// A page from a query that asked for `limit + 1` rows: the extra row only
    /// says that more follow, and the cursor is the key of the last item kept.
    public init(overfetched rows: [Item], limit: Int, key: (Item) -> String) {
        if rows.count > limit {
            let kept = Array(rows.prefix(limit))
            self.init(items: kept, nextAfter: kept.last.map(key))
        } else {
            self.init(items: rows, nextAfter: nil)
        }
    }
}

/// Keyset pagination: items after `after` (exclusive), at most `limit`.
public struct PageRequest: Sendable, Equatable {
    public static let maximumLimit = 200
    public var limit: Int
    public var after: String?

    public init(limit: Int = 50, after: String? = nil) {
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.after = after
    }
}
