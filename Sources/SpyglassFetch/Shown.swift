/// Untrusted text shortened to fit in a one-line message.
enum Shown {
    static func text(_ value: String, limit: Int = 120) -> String {
        let flat = String(value.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        return flat.count > limit ? String(flat.prefix(limit - 3)) + "..." : flat
    }
}
