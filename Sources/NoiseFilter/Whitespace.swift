enum Whitespace {
    /// Trims the line and turns every run of Unicode whitespace into one ASCII space.
    static func collapse(_ line: String) -> String {
        guard !isCollapsed(line) else { return line }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in line.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Lines from the normaliser are already collapsed; checking is cheaper than rebuilding.
    private static func isCollapsed(_ line: String) -> Bool {
        var previousWasSpace = true  // so a leading space counts as "not collapsed"
        for byte in line.utf8 {
            // Any non-ASCII byte may belong to a Unicode space (U+00A0, U+2003, …): check slowly.
            guard byte < 0x80 else { return isCollapsedScalars(line) }
            let isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
            if isSpace && (previousWasSpace || byte != 0x20) { return false }
            previousWasSpace = isSpace
        }
        return line.isEmpty || !previousWasSpace
    }

    private static func isCollapsedScalars(_ line: String) -> Bool {
        var previousWasSpace = true
        for scalar in line.unicodeScalars {
            let isSpace = scalar.properties.isWhitespace
            if isSpace && (previousWasSpace || scalar != " ") { return false }
            previousWasSpace = isSpace
        }
        return line.isEmpty || !previousWasSpace
    }
}
