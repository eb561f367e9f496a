/// How an HTML element shapes visible text.
enum ElementRole {
    /// Text flows through (span, a, b, em, …); also unknown elements.
    case inline
    /// Starts and ends a line (p, div, li, h1, section, …).
    case block
    /// br: ends the line.
    case lineBreak
    /// tr: one line per row.
    case row
    /// td, th: joined by " | " within a row.
    case cell
    /// pre: a block whose newlines end lines.
    case preformatted
    /// Not rendered as text: script, style, head, svg, … (skipped with their content).
    case dropped

    static func of(_ name: String) -> ElementRole {
        roles[name] ?? .inline
    }

    private static let roles: [String: ElementRole] = {
        var table: [String: ElementRole] = [:]
        let blocks = """
            address article aside blockquote body caption center dd details dialog dir div dl dt \
            fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html \
            legend li main menu nav noframes ol optgroup option p search section summary table tbody \
            tfoot thead ul
            """
        for name in blocks.split(separator: " ") { table[String(name)] = .block }
        let dropped = """
            audio base canvas datalist embed head iframe link meta noscript object param script \
            source style svg template title track video
            """
        for name in dropped.split(separator: " ") { table[String(name)] = .dropped }
        for name in ["pre", "listing", "xmp", "plaintext"] { table[name] = .preformatted }
        table["br"] = .lineBreak
        table["tr"] = .row
        table["td"] = .cell
        table["th"] = .cell
        return table
    }()
}
