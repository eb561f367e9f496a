import SpyglassDomain
import SpyglassExtract
import SpyglassHTML

/// Whether a monitor's selector can be used with its kind: CSS or XPath for html,
/// JSONPath for json, none for feeds and sitemaps. The API and the dashboard ask the same.
public enum SelectorCheck {
    public static let maximumLength = 1_000

    /// Nil when `selector` (already trimmed, non-empty) is usable; otherwise why not, as a phrase
    /// that follows the field's name ("is not a valid selector: …").
    public static func problem(_ selector: String, kind: Monitor.Kind) -> String? {
        guard selector.count <= maximumLength else { return "must be at most \(maximumLength) characters" }
        switch kind {
        case .json:
            do {
                _ = try JSONPath(selector)
                return nil
            } catch {
                return "is not a valid JSONPath: \(error.message)"
            }
        case .html:
            do {
                _ = try PageSelector(parsing: selector).xpath()
                return nil
            } catch {
                return "is not a valid selector: \(error.message)"
            }
        case .feed, .sitemap:
            return "is only supported for html and json monitors"
        }
    }
}
