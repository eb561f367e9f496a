import CLibXML2

/// Walks a subtree with an explicit stack of open ancestors (no recursion, so
/// hostile nesting cannot exhaust the thread's stack) and feeds its visible
/// text to a `TextCollector`. Skips comments, processing instructions, entity
/// references (never expanded), dropped elements and hidden elements.
struct VisibleTextWalker {
    private(set) var collector: TextCollector
    /// True when content below `maxDepth` was left out.
    private(set) var hitDepthLimit = false
    private let maxDepth: Int
    private var preformattedDepth = 0
    /// Elements the user excluded (a monitor's exclude selectors), skipped with their subtrees.
    private let excluded: Set<UnsafeMutableRawPointer>

    init(maxDepth: Int, maxOutputBytes: Int, excluded: Set<UnsafeMutableRawPointer> = []) {
        self.maxDepth = maxDepth
        self.collector = TextCollector(maxBytes: maxOutputBytes)
        self.excluded = excluded
    }

    /// An open node on the way down: the walk returns to it (and leaves
    /// it, if it is an element) when its last child is done.
    private struct Ancestor {
        var node: xmlNodePtr
        /// nil for a document node, which has no role.
        var role: ElementRole?
    }

    /// What visiting a node asks of the walk.
    private enum Visit {
        /// Nothing below it: go on to the next node.
        case done
        /// An element entered with nothing to walk below it: leave it now.
        case leave(ElementRole)
        /// Walk its children, from the first one.
        case descend(into: xmlNodePtr, role: ElementRole?)
    }

    /// Walks `root` and its descendants, starting and ending a line around it.
    /// The drop and hidden rules apply below the root, not to the root itself:
    /// selecting an element explicitly asks for its text.
    mutating func walk(_ root: xmlNodePtr) {
        collector.blockBoundary()
        var ancestors: [Ancestor] = []
        var node = root
        walking: while true {
            let outcome = visit(node, depth: ancestors.count)
            // Once the output is full nothing more is read or left.
            if collector.isFull { break }
            switch outcome {
            case .done:
                break
            case .leave(let role):
                leave(role)
            case .descend(let child, let role):
                ancestors.append(Ancestor(node: node, role: role))
                node = child
                continue walking
            }
            // The next sibling, else climb (leaving each element) until an
            // ancestor below the root has one. The root's siblings are not read.
            while let ancestor = ancestors.last {
                if let next = node.nextSibling {
                    node = next
                    continue walking
                }
                ancestors.removeLast()
                node = ancestor.node
                if let role = ancestor.role { leave(role) }
            }
            break
        }
        collector.blockBoundary()
    }

    /// A value computed by XPath (such as `string(//h1)`) stands on its own line.
    mutating func walk(text: String) {
        collector.blockBoundary()
        collector.append(text)
        collector.blockBoundary()
    }

    private mutating func visit(_ node: xmlNodePtr, depth: Int) -> Visit {
        switch node.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content {
                collector.append(cString: content, preformatted: preformattedDepth > 0)
            }
            return .done
        case XML_ELEMENT_NODE:
            var role = ElementRole.of(node.pointee.name)
            if depth > 0 {
                if role == .dropped || Visibility.isHidden(node) || AdBlocks.isAd(node)
                    || (!excluded.isEmpty && excluded.contains(UnsafeMutableRawPointer(node))) { return .done }
            } else if role == .dropped {
                role = .block
            }
            enter(role)
            // An image's alt text is what a reader of the page gets from it:
            // on logo walls and badges it is the only text there is.
            if Self.isImage(node.pointee.name), let alt = node.attribute("alt"), !alt.isEmpty {
                collector.append(" \(alt) ", preformatted: false)
            }
            guard let child = firstChildToWalk(of: node, depth: depth) else { return .leave(role) }
            return .descend(into: child, role: role)
        case XML_DOCUMENT_NODE, XML_HTML_DOCUMENT_NODE, XML_DOCUMENT_FRAG_NODE:
            guard let child = firstChildToWalk(of: node, depth: depth) else { return .done }
            return .descend(into: child, role: nil)
        case XML_ATTRIBUTE_NODE where depth == 0:
            // An XPath like //meta/@content selects the attribute itself.
            let attribute = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlAttr.self)
            collector.append(xmlNodePtr.value(of: attribute))
            return .done
        default:
            return .done
        }
    }

    /// `name.lowercased() == "img"` without a String: only ASCII I, M and G
    /// lowercase to i, m and g (no other scalar does), and `x | 0x20` maps
    /// exactly the ASCII letters' two cases together.
    private static func isImage(_ name: UnsafePointer<xmlChar>?) -> Bool {
        guard let name else { return false }
        return name[0] | 0x20 == UInt8(ascii: "i") && name[1] | 0x20 == UInt8(ascii: "m")
            && name[2] | 0x20 == UInt8(ascii: "g") && name[3] == 0
    }

    private mutating func firstChildToWalk(of node: xmlNodePtr, depth: Int) -> xmlNodePtr? {
        guard let child = node.firstChild else { return nil }
        guard depth < maxDepth else {
            hitDepthLimit = true
            return nil
        }
        return child
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
