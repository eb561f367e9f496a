import Foundation
import SpyglassDomain

/// What one live feed has sent: the changes are read from storage after a cursor
/// rather than taken from the announcements, so a lost announcement, a failed read
/// or a reconnect delays an item but never loses it. Two checks can commit out of
/// detection order, so each read reaches `overlap` back and the ids already sent
/// keep that window from sending anything twice.
struct LiveFeedCursor: Sendable {
    static let overlap: TimeInterval = 120

    /// Changes detected before this were on the page or have been sent.
    private(set) var since: Date
    private var sent: [Change.ID: Date] = [:]

    init(since: Date) {
        self.since = since
    }

    /// Where the next read starts.
    var readFrom: Date { since.addingTimeInterval(-Self.overlap) }

    /// The changes of a read not sent yet, oldest first; from now on they count as sent.
    mutating func admit(_ changes: [Change]) -> [Change] {
        let fresh = changes
            .filter { sent[$0.id] == nil && $0.detectedAt >= readFrom }
            .sorted { ($0.detectedAt, $0.id.rawValue) < ($1.detectedAt, $1.id.rawValue) }
        for change in fresh {
            sent[change.id] = change.detectedAt
            since = max(since, change.detectedAt)
        }
        let horizon = readFrom
        sent = sent.filter { $0.value >= horizon }
        return fresh
    }
}
