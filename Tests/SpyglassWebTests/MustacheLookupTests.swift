import Foundation
import Mustache
import SpyglassDomain
@testable import SpyglassWeb
import Testing

/// The hand-written lookups must answer every property, with its value, as reflection would.
@Suite("Mustache lookups")
struct MustacheLookupTests {
    static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional ? mirror.children.first?.value : value
    }

    static func check(_ value: some MustacheParent, _ type: String) {
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let expected = unwrap(child.value).map { String(describing: $0) } ?? "nil"
            let answered = value.child(named: label).flatMap(unwrap).map { String(describing: $0) } ?? "nil"
            #expect(expected == answered, "\(type).\(label): reflection says \(expected), the lookup \(answered)")
        }
        #expect(value.child(named: "noSuchField") == nil)
    }

    @Test("feed items and diff views answer every field")
    func lookups() {
        let change = Change(
            id: .generate(), tenantID: .generate(), monitorID: .generate(), competitorID: .generate(),
            previousSnapshotID: .generate(), snapshotID: .generate(), added: [], removed: [], diff: "",
            summary: "Pro: $49 → $59", detectedAt: Date(), category: "pricing", significance: 75)
        Self.check(FeedItem(change, competitor: "Rival", page: "https://rival.example"), "FeedItem")
        let view = DiffView(old: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "Pro $49"], new: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "Pro $59", "new"])
        #expect(view.rows.count > 3)
        Self.check(view, "DiffView")
        #expect(view.child(named: "rowsHTML") as? String == view.rowsHTML)
    }
}
