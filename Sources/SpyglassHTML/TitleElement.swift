import CLibXML2

/// Finds the page title element: what `(//title[not(ancestor::svg)])[1]`
/// selects, by one walk over the tree instead of XPath's node sets.
///
/// The XPath runs under an operation limit, and a page too large for it has
/// no title; the walk must agree. libxml2 2.9 counts one operation per node
/// visited on an axis and per step evaluated: about 3 per node for `//title`
/// (descendant-or-self, then each node's children) plus, for each title, its
/// ancestors and a few steps for the predicate. When twice that estimate fits
/// the limit the walk's answer is the XPath's; otherwise the XPath decides.
enum TitleElement {
    static let expression = "(//title[not(ancestor::svg)])[1]"

    static func find(in document: xmlDocPtr, maxXPathOperations: Int) -> xmlNodePtr? {
        let walk = walkTree(document)
        let estimate = 3 * walk.nodes + walk.titleCost + 500
        if estimate <= max(maxXPathOperations, 1) / 2 { return walk.first }
        guard case .nodes(let nodes)? = try? XPathQuery.evaluate(
            expression, in: document, maxOperations: maxXPathOperations)
        else { return nil }
        return nodes.first
    }

    private struct Walk {
        /// Every node below the document.
        var nodes = 0
        /// Per `<title>`: its ancestors plus a margin for the predicate's steps.
        var titleCost = 0
        /// The first `<title>` in document order with no `<svg>` ancestor.
        var first: xmlNodePtr?
    }

    /// Document order, through element children only: an HTML document holds
    /// no entity references, and XPath skips the DTD's declarations.
    private static func walkTree(_ document: xmlDocPtr) -> Walk {
        let root = UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
        var walk = Walk()
        var depth = 0
        var svgDepth = 0
        var next = root.firstChild
        while let node = next {
            walk.nodes += 1
            if node.type == XML_ELEMENT_NODE && node.pointee.ns == nil
                && LibXMLName.equals(node.pointee.name, "title") {
                walk.titleCost += depth + 30
                if walk.first == nil && svgDepth == 0 { walk.first = node }
            }
            if node.type == XML_ELEMENT_NODE, let child = node.firstChild {
                depth += 1
                if isSVG(node) { svgDepth += 1 }
                next = child
                continue
            }
            // No children: the next sibling, or that of the nearest ancestor with one.
            var current = node
            next = nil
            while true {
                if let sibling = current.nextSibling {
                    next = sibling
                    break
                }
                guard let parent = current.parentNode, parent != root, depth > 0 else { break }
                depth -= 1
                if isSVG(parent) { svgDepth -= 1 }
                current = parent
            }
        }
        return walk
    }

    private static func isSVG(_ node: xmlNodePtr) -> Bool {
        node.type == XML_ELEMENT_NODE && node.pointee.ns == nil && LibXMLName.equals(node.pointee.name, "svg")
    }
}
