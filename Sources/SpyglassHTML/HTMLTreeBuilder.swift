import CLibXML2

/// Copies a libxml2 document into `HTMLNode` values with an explicit stack
/// (hostile nesting cannot exhaust the thread's stack), within the limits.
struct HTMLTreeBuilder {
    private let limits: HTMLTree.Limits
    private var nodeCount = 0
    private var textBytes = 0
    private var truncated = false

    init(limits: HTMLTree.Limits) {
        self.limits = limits
    }

    /// An element being built: its value so far and the next child to visit.
    private struct Frame {
        var node: HTMLNode
        var next: xmlNodePtr?
    }

    mutating func tree(of document: xmlDocPtr?) -> HTMLTree {
        var root = HTMLNode(kind: .document, name: "#document")
        guard let document else { return HTMLTree(root: root, truncated: false) }
        let documentNode = UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
        var stack = [Frame(node: root, next: documentNode.firstChild)]
        // Frames are advanced in place: a popped-and-pushed copy would share the
        // parent's children buffer, making every append a full copy (quadratic).
        while let top = stack.indices.last {
            guard let current = stack[top].next else {
                // All children done: hand the finished node to its parent.
                let finished = stack.removeLast()
                if stack.isEmpty {
                    root = finished.node
                } else {
                    Self.append(finished.node, to: &stack[stack.count - 1].node)
                }
                continue
            }
            stack[top].next = current.nextSibling
            guard let child = visit(current, depth: stack.count - 1) else { continue }
            if child.kind == .element, let firstChild = current.firstChild {
                stack.append(Frame(node: child, next: firstChild))
            } else {
                Self.append(child, to: &stack[top].node)
            }
        }
        return HTMLTree(root: root, truncated: truncated)
    }

    /// The value for one libxml2 node (children not yet filled in), or nil
    /// when it is not represented or a limit is reached.
    private mutating func visit(_ node: xmlNodePtr, depth: Int) -> HTMLNode? {
        switch node.type {
        case XML_ELEMENT_NODE:
            guard depth <= limits.maxDepth, nodeCount < limits.maxNodes else {
                truncated = true
                return nil
            }
            nodeCount += 1
            return HTMLNode(kind: .element, name: node.name, namespaceURI: node.namespaceURI, attributes: attributes(of: node))
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            guard let content = node.pointee.content else { return nil }
            let text = String(cString: content)
            guard nodeCount < limits.maxNodes, textBytes + text.utf8.count <= limits.maxTextBytes else {
                truncated = true
                return nil
            }
            nodeCount += 1
            textBytes += text.utf8.count
            return HTMLNode(kind: .text, name: "#text", text: text)
        default:
            return nil
        }
    }

    private func attributes(of node: xmlNodePtr) -> [String: String] {
        var result: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let nameBytes = current.pointee.name {
                let name = String(cString: nameBytes)
                if result[name] == nil { result[name] = xmlNodePtr.value(of: current) }
            }
            attribute = current.pointee.next
        }
        return result
    }

    /// Adjacent text (split by a skipped comment or entity) becomes one node.
    private static func append(_ child: HTMLNode, to parent: inout HTMLNode) {
        if child.kind == .text, let last = parent.children.last, last.kind == .text {
            parent.children[parent.children.count - 1].text += child.text
        } else {
            parent.children.append(child)
        }
    }
}
