/// Safe XPath 1.0 string literals. XPath has no escape character, so a value
/// holding both quote kinds is built with `concat()`; nothing in a value can
/// ever end the literal early (no XPath injection).
enum XPathLiteral {
    static func quote(_ value: String) -> String {
        if !value.contains("'") { return "'\(value)'" }
        if !value.contains("\"") { return "\"\(value)\"" }
        var pieces: [String] = []
        for (offset, part) in value.split(separator: "'", omittingEmptySubsequences: false).enumerated() {
            if offset > 0 { pieces.append("\"'\"") }
            if !part.isEmpty { pieces.append("'\(part)'") }
        }
        return "concat(\(pieces.joined(separator: ", ")))"
    }
}
