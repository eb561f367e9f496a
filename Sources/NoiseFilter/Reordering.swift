/// Lines that moved: the multiset of deleted keys and the multiset of inserted keys have these
/// in common. The n-th deletion of a key pairs with the n-th insertion of it.
enum Reordering {
    /// Indices into `changes` of the deletions and insertions that pair up.
    static func movedChanges(_ changes: [Change]) -> [Int] {
        var deletions: [String: [Int]] = [:]
        for (index, change) in changes.enumerated() where !change.isInsertion && change.isMeaningful {
            deletions[change.line.key ?? "", default: []].append(index)
        }
        guard !deletions.isEmpty else { return [] }
        var used: [String: Int] = [:]
        var moved: [Int] = []
        for (index, change) in changes.enumerated() where change.isInsertion && change.isMeaningful {
            let key = change.line.key ?? ""
            let next = used[key, default: 0]
            guard let candidates = deletions[key], next < candidates.count else { continue }
            moved.append(candidates[next])
            moved.append(index)
            used[key] = next + 1
        }
        return moved
    }
}
