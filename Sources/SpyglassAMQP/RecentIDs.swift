/// The last `capacity` ids a consumer handled, oldest forgotten first: a bounded window for
/// dropping duplicates that arrive close together (an outbox batch re-sent after a lost confirm).
struct RecentIDs {
    let capacity: Int
    private var members: Set<String> = []
    private var order: [String] = []
    private var oldest = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func contains(_ id: String) -> Bool { members.contains(id) }

    mutating func insert(_ id: String) {
        guard members.insert(id).inserted else { return }
        if order.count < capacity {
            order.append(id)
            return
        }
        // A ring: overwrite the oldest slot.
        members.remove(order[oldest])
        order[oldest] = id
        oldest = (oldest + 1) % capacity
    }
}
