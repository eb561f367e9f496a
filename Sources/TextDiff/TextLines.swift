enum TextLines {
    /// Splits on the byte "\n" only. Splitting by `Character` would miss "\r\n", which Swift treats
    /// as one grapheme; here "\r" stays part of its line, as GNU diff sees it. A trailing "\n"
    /// ends the last line rather than starting an empty one, so "" has no lines and "\n" has one.
    static func split(_ text: String) -> [String] {
        var pieces = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true {
            pieces.removeLast()
        }
        return pieces.map { String(Substring($0)) }
    }
}
