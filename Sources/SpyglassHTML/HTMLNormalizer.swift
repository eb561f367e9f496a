import CLibXML2

/// The "normalise" stage: HTML bytes in, stable visible text out.
public struct HTMLNormalizer: Sendable {
    /// Bounds that keep hostile pages cheap.
    public struct Limits: Sendable, Equatable {
        /// Larger inputs are refused with `HTMLError.Code.tooLarge`.
        public var maxInputBytes: Int
        /// Elements nested deeper than this below a walked node are left out.
        /// (libxml2's HTML parser itself stops reading a page at 256 levels of
        /// nesting; whatever follows is lost, without error.)
        public var maxDepth: Int
        /// Output beyond this many UTF-8 bytes is cut off and flagged `truncated`.
        public var maxOutputBytes: Int
        /// libxml2's XPath operation limit: a selector needing more fails.
        public var maxXPathOperations: Int

        public init(
            maxInputBytes: Int = 10 * 1024 * 1024,
            maxDepth: Int = 512,
            maxOutputBytes: Int = 1024 * 1024,
            maxXPathOperations: Int = 10_000_000
        ) {
            self.maxInputBytes = maxInputBytes
            self.maxDepth = maxDepth
            self.maxOutputBytes = maxOutputBytes
            self.maxXPathOperations = maxXPathOperations
        }

        public static let `default` = Limits()
    }

    /// A title longer than this is cut (it is one line, not page content).
    static let maxTitleBytes = 4096

    public var limits: Limits

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// - Parameters:
    ///   - selector: CSS or XPath (see `PageSelector`); nil reads the whole page.
    ///   - charset: the charset from Content-Type, if any; a byte-order mark
    ///     still wins, and an unknown name falls back to detection.
    ///   - excluding: CSS or XPath selectors of parts to leave out (a rotating
    ///     banner, a "latest posts" sidebar); a selector matching nothing is fine.
    public func normalize(
        html: [UInt8], selector: String? = nil, charset: String? = nil, excluding: [String] = []
    ) throws(HTMLError) -> NormalizedText {
        guard html.count <= limits.maxInputBytes else {
            throw HTMLError(.tooLarge, "page is \(html.count) bytes, more than the limit of \(limits.maxInputBytes)")
        }
        var xpath: String?
        if let selector {
            do {
                xpath = try PageSelector(parsing: selector).xpath()
            } catch {
                throw HTMLError(.invalidSelector, "invalid selector: \(error.message)")
            }
        }
        var exclusions: [String] = []
        for exclusion in excluding {
            do {
                exclusions.append(try PageSelector(parsing: exclusion).xpath())
            } catch {
                throw HTMLError(.invalidSelector, "invalid exclude selector: \(error.message)")
            }
        }
        let utf8 = Self.utf8(html, charset: charset)
        return try LibXML.withHTMLDocument(utf8: utf8) { document throws(HTMLError) in
            try extract(from: document, xpath: xpath, exclusions: exclusions)
        }
    }

    /// The page converted to UTF-8 by the first usable candidate encoding,
    /// without NUL characters: libxml2's HTML parser stops reading at some
    /// of them, and browsers do not render them.
    static func utf8(_ bytes: [UInt8], charset: String?) -> [UInt8] {
        let declared = CharsetDetection.declared(for: bytes, callerCharset: charset)
        if (declared.first ?? CharsetDetection.utf8) == CharsetDetection.utf8,
           let valid = validUTF8WithoutNUL(bytes) {
            return valid
        }
        var converted: [UInt8]?
        for candidate in declared where converted == nil {
            converted = Transcoder.utf8(from: bytes, charset: candidate)
        }
        var result = converted
            ?? Transcoder.utf8(from: bytes, charset: CharsetDetection.sniffed(bytes))
            ?? Transcoder.repairedUTF8(bytes)
        result.removeAll { $0 == 0 }
        return result
    }

    /// The common case of a page read as UTF-8 that is valid UTF-8: what the
    /// decode-and-repair path would give, without its copies (and without any
    /// copy at all when there is no BOM or NUL). nil when the bytes are not valid.
    private static func validUTF8WithoutNUL(_ bytes: [UInt8]) -> [UInt8]? {
        let scan = bytes.withUnsafeBufferPointer(UTF8Scan.scan)
        guard scan.isValid else { return nil }
        let hasMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        guard hasMark || scan.containsNUL else { return bytes }
        var result = hasMark ? Array(bytes.dropFirst(3)) : bytes
        if scan.containsNUL { result.removeAll { $0 == 0 } }
        return result
    }

    /// The charset parameter of a Content-Type header value, ready for
    /// `normalize(html:selector:charset:)`: `text/html; charset="UTF-8"` gives `UTF-8`.
    public static func charset(contentType: String) -> String? {
        CharsetDetection.charset(contentType: contentType)
    }

    private func extract(
        from document: xmlDocPtr?, xpath: String?, exclusions: [String] = []
    ) throws(HTMLError) -> NormalizedText {
        let matchedNothing = HTMLError(.selectorMatchedNothing, "selector matched nothing")
        guard let document else {
            if xpath != nil { throw matchedNothing }
            return NormalizedText(lines: [], title: nil)
        }
        var excluded = Set<UnsafeMutableRawPointer>()
        for exclusion in exclusions {
            if case .nodes(let nodes) = try XPathQuery.evaluate(exclusion, in: document, maxOperations: limits.maxXPathOperations) {
                for node in nodes { excluded.insert(UnsafeMutableRawPointer(node)) }
            }
        }
        var walker = VisibleTextWalker(
            maxDepth: limits.maxDepth, maxOutputBytes: limits.maxOutputBytes, excluded: excluded)
        if let xpath {
            switch try XPathQuery.evaluate(xpath, in: document, maxOperations: limits.maxXPathOperations) {
            case .nodes(let nodes):
                let roots = SelectionRoots.topmost(nodes)
                guard !roots.isEmpty else { throw matchedNothing }
                for root in roots { walker.walk(root) }
            case .value(let value):
                // An expression such as string(//h1) or count(//li).
                guard !value.isEmpty else { throw matchedNothing }
                walker.walk(text: value)
            }
        } else {
            walker.walk(UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self))
        }
        var collector = walker.collector
        let lines = collector.finish()
        return NormalizedText(
            lines: lines,
            title: title(of: document),
            truncated: collector.isFull || walker.hitDepthLimit
        )
    }

    /// The first `<title>` outside inline SVG, as one line.
    private func title(of document: xmlDocPtr) -> String? {
        guard let element = TitleElement.find(in: document, maxXPathOperations: limits.maxXPathOperations) else {
            return nil
        }
        var walker = VisibleTextWalker(maxDepth: limits.maxDepth, maxOutputBytes: Self.maxTitleBytes)
        walker.walk(element)
        var collector = walker.collector
        let text = collector.finish().joined(separator: " ")
        return text.isEmpty ? nil : text
    }
}
