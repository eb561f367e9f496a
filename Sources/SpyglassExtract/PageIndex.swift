import SpyglassHTML

/// A parsed page flattened for analysis: elements in document (pre-)order
/// with their subtree bounds, and the visible text as lines (one per block),
/// each line knowing the element that holds it. A subtree's lines are a
/// contiguous range, so counting prices under any element is O(1) once the
/// per-line prefix sums exist.
struct PageIndex {
    struct Element {
        var node: HTMLNode
        var parent: Int?
        var children: [Int] = []
        /// One past the last descendant's index.
        var end: Int
        var lineStart: Int
        var lineEnd: Int
        var classWords: [String]

        var name: String { node.name }
        func attribute(_ name: String) -> String? { node.attributes[name] }
    }

    struct Line {
        var text: String
        /// The innermost block element open when the line ended.
        var owner: Int
        /// The innermost element holding the line's first text.
        var first: Int
    }

    var elements: [Element] = []
    var lines: [Line] = []
    /// Texts of `<script type="application/ld+json">`.
    var jsonLD: [String] = []
    var meta = PageMeta()
    var headlines: [String] = []
    /// The `lang` attribute of `<html>`.
    var language: String?

    /// Elements `ancestor` contains (excluding itself), as an index range.
    func descendants(of ancestor: Int) -> Range<Int> { (ancestor + 1)..<elements[ancestor].end }

    func contains(_ ancestor: Int, _ element: Int) -> Bool {
        element > ancestor && element < elements[ancestor].end
    }

    /// The element and its ancestors, innermost first, at most `limit` of them.
    func ancestry(of element: Int, limit: Int = 64) -> [Int] {
        var result: [Int] = []
        var current: Int? = element
        while let index = current, result.count < limit {
            result.append(index)
            current = elements[index].parent
        }
        return result
    }

    /// The element's visible text: its lines joined with spaces (for block
    /// elements) or its own collapsed text (for inline ones, whose line may
    /// hold text around them).
    func text(of element: Int) -> String {
        let item = elements[element]
        if PageIndexBuilder.blockElements.contains(item.name) || item.lineEnd - item.lineStart > 1 {
            return lines[item.lineStart..<item.lineEnd].map(\.text).joined(separator: " ")
        }
        return TextTools.clip(item.node.textContent, to: PageIndexBuilder.maxLineLength)
    }

    /// The element's lines; for an inline element within one line, its own text.
    func lineTexts(of element: Int) -> [String] {
        let item = elements[element]
        if PageIndexBuilder.blockElements.contains(item.name) || item.lineEnd - item.lineStart > 1 {
            return lines[item.lineStart..<item.lineEnd].map(\.text)
        }
        let own = TextTools.clip(item.node.textContent, to: PageIndexBuilder.maxLineLength)
        return own.isEmpty ? [] : [own]
    }
}
