import CLibXML2

/// Reduces selected nodes to those with no selected ancestor, so nested
/// matches (`div` selecting a div inside a div) are not read twice.
enum SelectionRoots {
    static func topmost(_ nodes: [xmlNodePtr]) -> [xmlNodePtr] {
        // Namespace nodes are not real nodes (no parent pointer): leave them out.
        let walkable = nodes.filter { $0.type != XML_NAMESPACE_DECL }
        let selected = Set(walkable.map(\.key))
        // Whether a node or one of its ancestors is selected; memoised so that
        // deep documents with many matches stay linear.
        var covered: [Int: Bool] = [:]
        var roots: [xmlNodePtr] = []
        for node in walkable {
            var path: [xmlNodePtr] = []
            var isCovered = false
            var current = node.parentNode
            while let ancestor = current {
                if selected.contains(ancestor.key) {
                    isCovered = true
                    break
                }
                if let known = covered[ancestor.key] {
                    isCovered = known
                    break
                }
                path.append(ancestor)
                current = ancestor.parentNode
            }
            for visited in path { covered[visited.key] = isCovered }
            if !isCovered { roots.append(node) }
        }
        return roots
    }
}
