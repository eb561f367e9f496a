import SpyglassHTML

/// Child lookups for reading XML documents (feeds, sitemaps).
extension HTMLNode {
    func child(_ name: String) -> HTMLNode? {
        children.first { $0.isElement && $0.name == name }
    }

    func children(named name: String) -> [HTMLNode] {
        children.filter { $0.isElement && $0.name == name }
    }

    var collapsedText: String { TextTools.collapse(textContent) }
}
