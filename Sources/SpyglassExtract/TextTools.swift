import Foundation

/// Small text helpers shared by the readers.
enum TextTools {
    /// Spaces and punctuation that surround names and labels.
    static let edgePunctuation: Set<Character> = Set(" \t\n.,:;!?·•|–—-*\"'“”‘’()[]{}")

    /// Whitespace runs become one space; leading and trailing space goes.
    static func collapse(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = true
            } else {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// Collapsed and cut to `limit` characters (with "…").
    static func clip(_ text: String, to limit: Int) -> String {
        let collapsed = collapse(text)
        guard collapsed.count > limit else { return collapsed }
        return String(collapsed.prefix(limit - 1)) + "…"
    }

    /// Lowercased words of a class list or attribute value: "plan-card
    /// is_popular" gives ["plan", "card", "is", "popular"].
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// A key for matching names across versions: lowercased, collapsed,
    /// without surrounding punctuation.
    static func matchKey(_ text: String) -> String {
        collapse(text).lowercased().trimming(edgePunctuation)
    }

    /// The common HTML entities some JSON-LD writers leave escaped.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text
        for (entity, replacement) in [
            ("&quot;", "\""), ("&#39;", "'"), ("&#039;", "'"), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"),
            ("&nbsp;", " "), ("&#x27;", "'"), ("&amp;", "&"),
        ] {
            result = result.replacingOccurrences(of: entity, with: replacement)
        }
        return result
    }
}

extension String {
    /// Without leading and trailing characters from `set`.
    func trimming(_ set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
