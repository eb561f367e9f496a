/// One node of a parsed document as an immutable Swift value, so that code
/// reading pages needs neither libxml2 nor pointers. Elements carry a
/// lowercased (HTML) or local (XML) name, attributes and children; text nodes
/// carry `text`. Comments, processing instructions and entity references are
/// not represented.
public struct HTMLNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case document
        case element
        case text
    }

    public var kind: Kind
    /// The element name; "#text" for text and "#document" for the root.
    public var name: String
    /// The namespace of an XML element (nil for HTML and un-namespaced XML).
    public var namespaceURI: String?
    /// Attribute names as parsed (lowercased by the HTML parser); when a name
    /// occurs twice the first value wins, as in browsers.
    public var attributes: [String: String]
    public var children: [HTMLNode]
    /// The characters of a text node; empty for elements.
    public var text: String

    public init(
        kind: Kind, name: String, namespaceURI: String? = nil,
        attributes: [String: String] = [:], children: [HTMLNode] = [], text: String = ""
    ) {
        self.kind = kind
        self.name = name
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    public var isElement: Bool { kind == .element }

    public func attribute(_ name: String) -> String? { attributes[name] }

    /// The element children, in document order.
    public var elementChildren: [HTMLNode] { children.filter(\.isElement) }

    /// All descendant text concatenated in document order (no whitespace
    /// added or collapsed). Walks with an explicit stack.
    public var textContent: String {
        var result = ""
        var stack: [HTMLNode] = [self]
        while let node = stack.popLast() {
            if node.kind == .text {
                result += node.text
            } else {
                stack.append(contentsOf: node.children.reversed())
            }
        }
        return result
    }
}
