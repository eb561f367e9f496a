import CLibXML2

/// Walks a subtree with an explicit stack (no recursion, so hostile nesting
/// cannot exhaust the thread's stack) and feeds its visible text to a
/// `TextCollector`. Skips comments, processing instructions, entity
/// references (never expanded), dropped elements and hidden elements.
struct VisibleTextWalker {
    private(set) var collector: TextCollector
    /// True when content below `maxDepth` was left out.
    private(set) var hitDepthLimit = false
    private let maxDepth: Int
    private var preformattedDepth = 0

    init(maxDepth: Int, maxOutputBytes: Int) {
        self.maxDepth = maxDepth
        self.collector = TextCollector(maxBytes: maxOutputBytes)
    }

    private enum Step {
        case visit(xmlNodePtr, depth: Int, withSiblings: Bool)
        case leave(ElementRole)
    }

    /// Walks `root` and its descendants, starting and ending a line around it.
    /// The drop and hidden rules apply below the root, not to the root itself:
    /// selecting an element explicitly asks for its text.
    mutating func walk(_ root: xmlNodePtr) {
        collector.blockBoundary()
        var stack: [Step] = [.visit(root, depth: 0, withSiblings: false)]
        while !collector.isFull, let step = stack.popLast() {
            switch step {
            case .leave(let role):
                leave(role)
            case .visit(let node, let depth, let withSiblings):
                if withSiblings, let next = node.nextSibling {
                    stack.append(.visit(next, depth: depth, withSiblings: true))
                }
                visit(node, depth: depth, stack: &stack)
            }
        }
        collector.blockBoundary()
    }

    /// A value computed by XPath (such as `string(//h1)`) stands on its own line.
    mutating func walk(text: String) {
        collector.blockBoundary()
        collector.append(text)
        collector.blockBoundary()
    }

    private mutating func visit(_ node: xmlNodePtr, depth: Int, stack: inout [Step]) {
        switch node.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content {
                collector.append(String(cString: content), preformatted: preformattedDepth > 0)
            }
        case XML_ELEMENT_NODE:
            var role = ElementRole.of(node.name)
            if depth > 0 {
                if role == .dropped || Visibility.isHidden(node) { return }
            } else if role == .dropped {
                role = .block
            }
            enter(role)
            stack.append(.leave(role))
            // An image's alt text is what a reader of the page gets from it:
            // on logo walls and badges it is the only text there is.
            if node.name.lowercased() == "img", let alt = node.attribute("alt"), !alt.isEmpty {
                collector.append(" \(alt) ", preformatted: false)
            }
            descend(into: node, depth: depth, stack: &stack)
        case XML_DOCUMENT_NODE, XML_HTML_DOCUMENT_NODE, XML_DOCUMENT_FRAG_NODE:
            descend(into: node, depth: depth, stack: &stack)
        case XML_ATTRIBUTE_NODE where depth == 0:
            // An XPath like //meta/@content selects the attribute itself.
            let attribute = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlAttr.self)
            collector.append(xmlNodePtr.value(of: attribute))
        default:
            return
        }
    }

    private mutating func descend(into node: xmlNodePtr, depth: Int, stack: inout [Step]) {
        guard let child = node.firstChild else { return }
        guard depth < maxDepth else {
            hitDepthLimit = true
            return
        }
        stack.append(.visit(child, depth: depth + 1, withSiblings: true))
    }

    private mutating func enter(_ role: ElementRole) {
        switch role {
        case .block, .lineBreak, .row:
            collector.blockBoundary()
        case .cell:
            collector.startCell()
        case .preformatted:
            collector.blockBoundary()
            preformattedDepth += 1
        case .inline, .dropped:
            break
        }
    }

    private mutating func leave(_ role: ElementRole) {
        switch role {
        case .block, .row:
            collector.blockBoundary()
        case .cell:
            collector.endCell()
        case .preformatted:
            preformattedDepth -= 1
            collector.blockBoundary()
        case .inline, .lineBreak, .dropped:
            break
        }
    }
}
