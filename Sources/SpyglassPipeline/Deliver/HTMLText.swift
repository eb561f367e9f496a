/// HTML escaping for what is written as HTML in Swift rather than through a
/// template: e-mail digests, and a large diff's rows on the dashboard (mustache's
/// per-row sections cost far more than the text). Outside text goes through here;
/// the digest and hostile-content tests cover it.
public enum HTMLText {
    /// `text` with `& < > " '` escaped, safe inside an element and a quoted attribute.
    public static func escaped(_ text: String) -> String {
        var html = ""
        append(text, to: &html)
        return html
    }

    public static func append(_ text: String, to html: inout String) {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            html += text
            return
        }
        for character in text.unicodeScalars {
            switch character {
            case "&": html += "&amp;"
            case "<": html += "&lt;"
            case ">": html += "&gt;"
            case "\"": html += "&quot;"
            case "'": html += "&#39;"
            default: html.unicodeScalars.append(character)
            }
        }
    }
}
