/// Why a difference was judged noise. The raw value is what `SuppressedDifference.rule` carries.
public enum SuppressionRule: String, Sendable, Hashable, Codable, CaseIterable {
    // Built-in volatile-content rules (masking: tokens become placeholders).
    case dateTime = "date_time"
    case relativeTime = "relative_time"
    case copyrightYear = "copyright_year"
    case counter
    case sessionToken = "session_token"
    case cacheBuster = "cache_buster"
    // Built-in line rule: the whole line is ignored.
    case adTracking = "ad_tracking"
    // Per-monitor line rules.
    case ignoreText = "ignore_text"
    case ignorePattern = "ignore_pattern"
    // Structural decisions.
    case reordered
    case rotating
    case noTrigger = "no_trigger"

    /// A short human explanation, shown next to the suppressed lines.
    public var reason: String {
        switch self {
        case .dateTime: "absolute date or time"
        case .relativeTime: "relative time"
        case .copyrightYear: "copyright year"
        case .counter: "counter"
        case .sessionToken: "CSRF, nonce or session token"
        case .cacheBuster: "cache-busting query or asset hash in a URL"
        case .adTracking: "advertising, tracking or cookie-consent text"
        case .ignoreText: "contains text this monitor ignores"
        case .ignorePattern: "matches a pattern this monitor ignores"
        case .reordered: "reordered"
        case .rotating: "rotating content seen before"
        case .noTrigger: "no trigger fired"
        }
    }
}
