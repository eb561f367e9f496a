import Mustache

// The views rendered many times per page answer mustache's lookups by name. Without
// this, every `{{field}}` reflects the whole value (`Mirror`) and scans its fields,
// and a name that belongs to an outer context (`{{chrome.csrf}}` in a loop) reflects
// each inner value first: most of the overview's render time. The keys are the
// property names; `MustacheLookupTests` checks them against the properties.

extension FeedItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": return id
        case "href": return href
        case "summary": return summary
        case "competitor": return competitor
        case "competitorHref": return competitorHref
        case "category": return category
        case "significance": return significance
        case "level": return level
        case "detectedAt": return detectedAt
        case "detectedText": return detectedText
        case "page": return page
        default: return nil
        }
    }
}
