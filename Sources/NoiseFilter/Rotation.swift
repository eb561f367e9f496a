/// Recognises carousels, A/B tests and randomised testimonials: within one changed block, lines
/// that come and go across recent versions.
///
/// An inserted line rotates when an earlier version (before the previous one) showed it. A
/// deleted line rotates when an earlier version showed it *and* some recorded version lacked it:
/// a line that was always there is not rotating when it goes. So a first revert ("$49" → "$59" →
/// "$49") stays a change, because "$59" was only ever in the previous version; from the next
/// swap on, the block is rotating.
struct Rotation {
    private let seenEarlier: Set<UInt64>
    private let presence: [UInt64: Int]
    private let versionCount: Int

    /// Nil when nothing was recorded before the previous version. The newest recorded version
    /// normally *is* the previous one and does not count as earlier; older copies of it do.
    init?(versions: ArraySlice<VersionHistory.Version>, previousHash: UInt64) {
        var earlier = versions
        if earlier.last?.pageHash == previousHash { earlier = earlier.dropLast() }
        var seen = Set<UInt64>()
        for version in earlier {
            seen.formUnion(version.lineHashes)
        }
        guard !seen.isEmpty else { return nil }
        var presence: [UInt64: Int] = [:]
        for version in versions {
            for hash in version.lineHashes { presence[hash, default: 0] += 1 }
        }
        seenEarlier = seen
        self.presence = presence
        versionCount = versions.count
    }

    /// The rotating lines of one block, as indices into `deleted` and `inserted`; none unless
    /// some rotate on both sides (a line appearing again on its own may be news, like "Sold out").
    func rotatingLines(deleted: [PreparedLine], inserted: [PreparedLine]) -> (deleted: [Int], inserted: [Int]) {
        let goneLines = deleted.indices.filter { index in
            guard let hash = hash(deleted[index]) else { return false }
            return seenEarlier.contains(hash) && presence[hash, default: 0] < versionCount
        }
        let backLines = inserted.indices.filter { index in
            hash(inserted[index]).map(seenEarlier.contains) ?? false
        }
        guard !goneLines.isEmpty, !backLines.isEmpty else { return ([], []) }
        return (goneLines, backLines)
    }

    private func hash(_ line: PreparedLine) -> UInt64? {
        line.key.map(StableHash.of)
    }
}
