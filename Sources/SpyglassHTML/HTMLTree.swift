/// Parses HTML or XML with libxml2 into an `HTMLNode` value tree. The libxml2
/// document lives only for the call; the result is plain, shareable data.
public struct HTMLTree: Sendable, Equatable {
    /// Bounds that keep hostile documents cheap.
    public struct Limits: Sendable, Equatable {
        /// Larger inputs are refused with `HTMLError.Code.tooLarge`.
        public var maxInputBytes: Int
        /// Elements nested deeper are left out (with `truncated` set).
        public var maxDepth: Int
        /// Elements and text nodes beyond this count are left out.
        public var maxNodes: Int
        /// Text beyond this many UTF-8 bytes in total is left out.
        public var maxTextBytes: Int

        public init(
            maxInputBytes: Int = 10 * 1024 * 1024,
            maxDepth: Int = 256,
            maxNodes: Int = 500_000,
            maxTextBytes: Int = 16 * 1024 * 1024
        ) {
            self.maxInputBytes = maxInputBytes
            self.maxDepth = maxDepth
            self.maxNodes = maxNodes
            self.maxTextBytes = maxTextBytes
        }

        public static let `default` = Limits()
    }

    /// The document node; its children are the top-level nodes.
    public var root: HTMLNode
    /// True when a limit left part of the document out.
    public var truncated: Bool

    public init(root: HTMLNode, truncated: Bool) {
        self.root = root
        self.truncated = truncated
    }

    /// Parses a page leniently, detecting its encoding as the normaliser does.
    /// An empty page gives an empty document.
    public static func html(_ bytes: [UInt8], charset: String? = nil, limits: Limits = .default) throws(HTMLError) -> HTMLTree {
        guard bytes.count <= limits.maxInputBytes else {
            throw HTMLError(.tooLarge, "page is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes)")
        }
        let utf8 = HTMLNormalizer.utf8(bytes, charset: charset)
        return try LibXML.withHTMLDocument(utf8: utf8) { document throws(HTMLError) in
            var builder = HTMLTreeBuilder(limits: limits)
            return builder.tree(of: document)
        }
    }

    /// Parses well-formed XML (feeds, sitemaps). Entities are never expanded
    /// and no external resource is loaded. Throws `.unparsable` when the
    /// bytes are not well-formed.
    public static func xml(_ bytes: [UInt8], limits: Limits = .default) throws(HTMLError) -> HTMLTree {
        guard bytes.count <= limits.maxInputBytes else {
            throw HTMLError(.tooLarge, "document is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes)")
        }
        return try LibXML.withXMLDocument(bytes) { document throws(HTMLError) in
            guard let document else {
                throw HTMLError(.unparsable, "the document is not well-formed XML")
            }
            var builder = HTMLTreeBuilder(limits: limits)
            return builder.tree(of: document)
        }
    }
}
