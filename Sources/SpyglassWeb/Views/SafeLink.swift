import Foundation
import SpyglassDomain

/// Links built from outside data (a competitor's website, a watched page's
/// address) exist only for absolute http(s) URLs without credentials: a
/// `javascript:` or `data:` URL is shown as text and never becomes an href.
enum SafeLink {
    static func href(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty,
              Validate.webURL(text, field: "url") == nil
        else { return nil }
        return text
    }
}
