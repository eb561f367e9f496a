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

    /// The role of the element named by a libxml2 name (NUL-terminated
    /// UTF-8), matched byte for byte without making a String.
    static func of(_ name: UnsafePointer<UInt8>?) -> ElementRole {
        guard let name, let key = key(name) else { return .inline }
        return roles[key] ?? .inline
    }

    /// The names in the table are at most 10 characters from `[a-z0-9]`:
    /// 6 bits each (never 0, so lengths differ too) pack into one UInt64.
    /// Any other name gives nil: it cannot be in the table.
    private static let maxNameLength = 10

    private static func key(_ name: UnsafePointer<UInt8>) -> UInt64? {
        var key: UInt64 = 0
        var index = 0
        while name[index] != 0 {
            guard index < maxNameLength, let code = code(name[index]) else { return nil }
            key = key << 6 | code
            index += 1
        }
        return key
    }

    private static func key(_ name: String) -> UInt64? {
        guard name.utf8.count <= maxNameLength else { return nil }
        var key: UInt64 = 0
        for byte in name.utf8 {
            guard let code = code(byte) else { return nil }
            key = key << 6 | code
        }
        return key
    }

    private static func code(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt64(byte - UInt8(ascii: "a") + 1)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0") + 27)
        default: nil
        }
    }

    private static let roles: [UInt64: ElementRole] = {
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
        var packed: [UInt64: ElementRole] = [:]
        for (name, role) in table {
            if let key = key(name) { packed[key] = role }
        }
        return packed
    }()
}
