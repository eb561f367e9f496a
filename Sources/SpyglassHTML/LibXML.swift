import CLibXML2

/// The one place that calls libxml2's parsers. Documents never leave the
/// closure that receives them: libxml2 documents must not be shared across
/// threads, and the closure scope guarantees they are freed.
enum LibXML {
    /// `xmlInitParser()` must run once per process before any thread uses
    /// libxml2; a static let is initialised exactly once, thread-safely.
    private static let initialized: Void = xmlInitParser()

    /// Call before every use of libxml2 on the current thread.
    static func prepare() {
        _ = initialized
        spyglass_silence_errors_on_this_thread()
    }

    private static let htmlOptions = Int32(
        HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_RECOVER.rawValue)

    /// No XML_PARSE_NOENT (entities stay unexpanded references) and no
    /// XML_PARSE_DTDLOAD (no external DTD): no XXE, no entity expansion.
    private static let xmlOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Parses UTF-8 HTML leniently. `body` receives nil for an empty input.
    static func withHTMLDocument<Result>(
        utf8: [UInt8], _ body: (xmlDocPtr?) throws(HTMLError) -> Result
    ) throws(HTMLError) -> Result {
        prepare()
        guard !utf8.isEmpty else { return try body(nil) }
        let document = try parse(utf8) { buffer, size in
            htmlReadMemory(buffer, size, nil, "UTF-8", htmlOptions)
        }
        guard let document else {
            throw HTMLError(.unparsable, "libxml2 could not build a document from the page")
        }
        defer { xmlFreeDoc(document) }
        return try body(document)
    }

    /// Parses well-formed XML; nil when the bytes are not well-formed.
    static func withXMLDocument<Result>(
        _ bytes: [UInt8], _ body: (xmlDocPtr?) throws(HTMLError) -> Result
    ) throws(HTMLError) -> Result {
        prepare()
        guard !bytes.isEmpty else { return try body(nil) }
        let document = try parse(bytes) { buffer, size in
            xmlReadMemory(buffer, size, nil, nil, xmlOptions)
        }
        defer { xmlFreeDoc(document) }
        return try body(document)
    }

    private static func parse(
        _ bytes: [UInt8], _ read: (UnsafePointer<CChar>, Int32) -> xmlDocPtr?
    ) throws(HTMLError) -> xmlDocPtr? {
        guard let size = Int32(exactly: bytes.count) else {
            throw HTMLError(.tooLarge, "input of \(bytes.count) bytes is too large for libxml2")
        }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                chars.baseAddress.flatMap { read($0, size) }
            }
        }
    }
}

/// Small readers over libxml2 nodes, so other files need not repeat pointer casts.
extension UnsafeMutablePointer where Pointee == xmlNode {
    var type: xmlElementType { pointee.type }

    /// The element's local name as libxml2 stores it (lowercased by the HTML parser).
    var name: String {
        pointee.name.map { String(cString: $0) } ?? ""
    }

    var firstChild: xmlNodePtr? { pointee.children }
    var nextSibling: xmlNodePtr? { pointee.next }
    var parentNode: xmlNodePtr? { pointee.parent }

    var namespaceURI: String? {
        pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// The value of the named attribute (see `value(of:)`).
    func attribute(_ attributeName: String) -> String? {
        var attribute = pointee.properties
        while let current = attribute {
            if let nameBytes = current.pointee.name, String(cString: nameBytes) == attributeName {
                return Self.value(of: current)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The text of an attribute. Entity references are skipped, never expanded:
    /// libxml2's own helpers would expand them recursively (entity bombs).
    static func value(of attribute: xmlAttrPtr) -> String {
        var result = ""
        var child = attribute.pointee.children
        while let node = child {
            if node.type == XML_TEXT_NODE || node.type == XML_CDATA_SECTION_NODE, let content = node.pointee.content {
                result += String(cString: content)
            }
            child = node.pointee.next
        }
        return result
    }

    /// A stable key for dictionaries and sets.
    var key: Int { Int(bitPattern: UInt(bitPattern: self)) }
}
