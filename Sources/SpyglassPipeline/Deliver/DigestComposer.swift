import Foundation
import SpyglassDomain

/// An e-mail digest of a period's changes: grouped by competitor, then by
/// category, most significant first, as plain text and as HTML. With the
/// dashboard's address, each change links to its page and to its verdict
/// buttons there (`?verdict=useful#feedback`): the reader confirms with one
/// click while signed in, so a mail scanner that follows links records nothing.
public struct DigestComposer: Sendable {
    let dashboardURL: String?

    public init(dashboardURL: String? = nil) {
        self.dashboardURL = dashboardURL
    }

    public struct Digest: Sendable, Equatable {
        public var subject: String
        public var text: String
        public var html: String
    }

    public func compose(
        changes: [Change], competitors: [Competitor.ID: Competitor], monitors: [Monitor.ID: Monitor],
        periodName: String, workspace: String
    ) -> Digest {
        let groups = Dictionary(grouping: changes, by: \.competitorID)
            .map { (competitor: competitors[$0.key], changes: $0.value) }
            .sorted { lhs, rhs in
                let left = lhs.changes.map(\.significance).max() ?? 0
                let right = rhs.changes.map(\.significance).max() ?? 0
                return left != right ? left > right : (lhs.competitor?.name ?? "") < (rhs.competitor?.name ?? "")
            }
        let count = changes.count
        let subject = "Spyglass \(periodName) digest: \(count) change\(count == 1 ? "" : "s") at "
            + "\(groups.count) competitor\(groups.count == 1 ? "" : "s")"

        var text = "\(subject)\nWorkspace: \(workspace)\n"
        var html = "<html><body style=\"font-family:sans-serif\"><h1>\(HTMLText.escaped(subject))</h1>"
        if changes.isEmpty {
            text += "\nNo changes this time.\n"
            html += "<p>No changes this time.</p>"
        }
        for group in groups {
            let name = group.competitor?.name ?? "Unknown competitor"
            text += "\n== \(name) ==\n"
            html += "<h2>\(HTMLText.escaped(name))</h2>"
            let byCategory = Dictionary(grouping: group.changes) { $0.category ?? "uncategorised" }
                .sorted { ($0.value.map(\.significance).max() ?? 0) > ($1.value.map(\.significance).max() ?? 0) }
            for (category, items) in byCategory {
                text += "\n  [\(category)]\n"
                html += "<h3>\(HTMLText.escaped(category.capitalized))</h3><ul>"
                for change in items.sorted(by: { $0.significance > $1.significance }) {
                    let url = monitors[change.monitorID]?.url ?? ""
                    text += "  - (\(change.significance)) \(change.summary)\(url.isEmpty ? "" : " — \(url)")\n"
                    html += "<li><b>\(change.significance)</b> \(HTMLText.escaped(change.summary))"
                    if !url.isEmpty { html += " — <a href=\"\(HTMLText.escaped(url))\">\(HTMLText.escaped(url))</a>" }
                    if let links = links(change) {
                        text += "    Open: \(links.page)\n"
                        text += links.verdicts.map { "    \($0.label): \($0.url)\n" }.joined()
                        html += "<br><a href=\"\(HTMLText.escaped(links.page))\">Open</a> · Was it worth knowing? "
                        html += links.verdicts.map { "<a href=\"\(HTMLText.escaped($0.url))\">\($0.label)</a>" }
                            .joined(separator: " · ")
                    }
                    html += "</li>"
                }
                html += "</ul>"
            }
        }
        html += "</body></html>"
        return Digest(subject: subject, text: text, html: html)
    }

    public struct Links: Sendable, Equatable {
        public struct Verdict: Sendable, Equatable {
            public var label: String
            public var url: String
        }

        public var page: String
        public var verdicts: [Verdict]
    }

    /// A change's page and its verdict links on the dashboard; nil without a dashboard address.
    public func links(_ change: Change) -> Links? {
        guard let dashboardURL else { return nil }
        let page = "\(dashboardURL)/changes/\(change.id.rawValue)"
        return Links(page: page, verdicts: [
            Links.Verdict(label: "Useful", url: "\(page)?verdict=useful#feedback"),
            Links.Verdict(label: "Noise", url: "\(page)?verdict=noise#feedback"),
            Links.Verdict(label: "Acted on", url: "\(page)?verdict=acted_on#feedback"),
        ])
    }
}
