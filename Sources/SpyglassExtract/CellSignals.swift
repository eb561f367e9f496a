import SpyglassHTML

/// What a comparison-table cell or a feature bullet says about inclusion:
/// its text ("✓", "Yes", "—") and its icons (class names, aria-label,
/// title, alt, an SVG `<title>`).
struct CellSignals {
    enum Meaning: Equatable {
        case included
        case excluded
        case unknown
    }

    private static let maxNodes = 60
    private static let includedTexts: Set<String> = [
        "✓", "✔", "✔️", "✅", "☑", "☑️", "yes", "included", "y", "✓ included", "check", "available", "●", "◉",
    ]
    private static let excludedTexts: Set<String> = [
        "✗", "✕", "✘", "×", "❌", "✖", "⨯", "no", "-", "—", "–", "n/a", "not included", "not available", "",
    ]
    private static let includedClassWords: Set<String> = [
        "check", "checkmark", "checked", "tick", "yes", "included", "available", "true", "success", "positive",
    ]
    private static let excludedClassWords: Set<String> = [
        "cross", "times", "xmark", "excluded", "unavailable", "dash", "minus", "false", "close", "negative",
        "notincluded", "x",
    ]

    let iconMeaning: Meaning
    let text: String

    init(_ node: HTMLNode) {
        text = TextTools.collapse(node.textContent)
        iconMeaning = Self.icons(in: node)
    }

    /// The text when it is a value ("10 GB", "Unlimited"), else nil.
    var value: String? {
        textMeaning == .unknown ? text : nil
    }

    /// Included, excluded, or unknown (a value, or nothing to go by).
    var meaning: Meaning {
        switch textMeaning {
        case .included: return .included
        // An empty cell is "not included" unless an icon says otherwise.
        case .excluded: return text.isEmpty && iconMeaning == .included ? .included : .excluded
        case .unknown: return .unknown
        }
    }

    private var textMeaning: Meaning {
        let normalized = text.lowercased().trimming([" ", "."])
        if Self.includedTexts.contains(normalized) { return .included }
        if Self.excludedTexts.contains(normalized) { return .excluded }
        return .unknown
    }

    private static func icons(in root: HTMLNode) -> Meaning {
        var stack = [root]
        var visited = 0
        while let node = stack.popLast(), visited < maxNodes {
            visited += 1
            guard node.isElement else { continue }
            for attribute in ["aria-label", "title", "alt", "data-tooltip"] {
                if let label = node.attributes[attribute], let meaning = labelMeaning(label) { return meaning }
            }
            if node.name == "title", let meaning = labelMeaning(node.textContent) { return meaning }
            let words = TextTools.words((node.attributes["class"] ?? "") + " " + (node.attributes["data-icon"] ?? ""))
            if words.contains(where: excludedClassWords.contains) { return .excluded }
            if words.contains(where: includedClassWords.contains) { return .included }
            stack.append(contentsOf: node.children.reversed())
        }
        return .unknown
    }

    private static func labelMeaning(_ label: String) -> Meaning? {
        let text = label.lowercased()
        if text.contains("not included") || text.contains("not available") || text.contains("unavailable")
            || text.contains("excluded") || text == "no" || text == "cross" {
            return .excluded
        }
        if text.contains("included") || text == "yes" || text.contains("check") || text.contains("available") {
            return .included
        }
        return nil
    }
}
