import CLibXML2

/// Compiles and evaluates XPath 1.0 with libxml2, errors captured (never
/// printed) and evaluation cost bounded by an operation limit.
enum XPathQuery {
    /// What an expression evaluates to: nodes, or a value such as `count(//p)`.
    enum Result {
        case nodes([xmlNodePtr])
        case value(String)
    }

    /// XPath expressions are user input; no real selector needs to be this long.
    static let maxLength = 4096

    /// Checks syntax only (no document needed), reporting libxml2's position.
    static func validate(_ expression: String) throws(SelectorError) {
        try checkShape(expression)
        LibXML.prepare()
        guard let context = xmlXPathNewContext(nil) else {
            throw SelectorError("out of memory while compiling the XPath expression", at: 0)
        }
        defer { xmlXPathFreeContext(context) }
        silence(context)
        let compiled = xmlXPathCtxtCompile(context, expression)
        defer { xmlXPathFreeCompExpr(compiled) }
        if compiled == nil {
            throw SelectorError(problem(context.pointee.lastError), at: position(context.pointee.lastError, in: expression))
        }
    }

    static func evaluate(_ expression: String, in document: xmlDocPtr, maxOperations: Int) throws(HTMLError) -> Result {
        do {
            try checkShape(expression)
        } catch {
            throw HTMLError(.invalidSelector, error.message)
        }
        guard let context = xmlXPathNewContext(document) else {
            throw HTMLError(.invalidSelector, "out of memory while evaluating the selector")
        }
        defer { xmlXPathFreeContext(context) }
        silence(context)
        context.pointee.opLimit = UInt(max(maxOperations, 1))
        guard let object = xmlXPathEvalExpression(expression, context) else {
            // libxml2 pins opCount at opLimit when the limit stops evaluation
            // (lastError is not always filled in for this case).
            let error = context.pointee.lastError
            if context.pointee.opCount >= context.pointee.opLimit || error.code == limitExceededCode {
                throw HTMLError(.invalidSelector, "selector needs more than \(maxOperations) XPath operations on this page")
            }
            throw HTMLError(.invalidSelector, "\(problem(error)) at position \(position(error, in: expression))")
        }
        defer { xmlXPathFreeObject(object) }

        switch object.pointee.type {
        case XPATH_NODESET:
            var nodes: [xmlNodePtr] = []
            if let set = object.pointee.nodesetval, let table = set.pointee.nodeTab {
                let count = Int(set.pointee.nodeNr)
                nodes.reserveCapacity(count)
                for index in 0..<count {
                    if let node = table[index] { nodes.append(node) }
                }
            }
            return .nodes(nodes)
        default:
            guard let text = xmlXPathCastToString(object) else { return .value("") }
            defer { spyglass_xml_free(text) }
            return .value(String(cString: text))
        }
    }

    private static func checkShape(_ expression: String) throws(SelectorError) {
        let scalars = Array(expression.unicodeScalars)
        guard !scalars.isEmpty else { throw SelectorError("empty XPath expression", at: 0) }
        guard scalars.count <= maxLength else {
            throw SelectorError("XPath expression is longer than \(maxLength) characters", at: maxLength)
        }
        // libxml2 reads a C string: a NUL would silently cut the expression.
        if let nul = scalars.firstIndex(of: "\0") { throw SelectorError("NUL character in XPath expression", at: nul) }
    }

    /// Errors go to `lastError` through a no-op callback instead of stderr.
    private static func silence(_ context: xmlXPathContextPtr) {
        context.pointee.error = { _, _ in }
    }

    private static let limitExceededCode = Int32(XML_XPATH_EXPRESSION_OK.rawValue + XPATH_OP_LIMIT_EXCEEDED.rawValue)

    /// libxml2 reports the byte offset; convert it to a scalar offset.
    private static func position(_ error: xmlError, in expression: String) -> Int {
        let byteOffset = Int(max(error.int1, 0))
        return String(decoding: expression.utf8.prefix(byteOffset), as: UTF8.self).unicodeScalars.count
    }

    private static func problem(_ error: xmlError) -> String {
        let code = Int(error.code) - Int(XML_XPATH_EXPRESSION_OK.rawValue)
        switch UInt32(clamping: code) {
        case XPATH_NUMBER_ERROR.rawValue: return "invalid number in XPath expression"
        case XPATH_UNFINISHED_LITERAL_ERROR.rawValue: return "unfinished string literal in XPath expression"
        case XPATH_START_LITERAL_ERROR.rawValue: return "expected a string literal in XPath expression"
        case XPATH_VARIABLE_REF_ERROR.rawValue, XPATH_UNDEF_VARIABLE_ERROR.rawValue:
            return "XPath variables are not supported"
        case XPATH_INVALID_PREDICATE_ERROR.rawValue: return "invalid predicate in XPath expression"
        case XPATH_UNCLOSED_ERROR.rawValue: return "unclosed bracket or parenthesis in XPath expression"
        case XPATH_UNKNOWN_FUNC_ERROR.rawValue: return "unknown function in XPath expression"
        case XPATH_INVALID_ARITY.rawValue: return "wrong number of arguments to an XPath function"
        case XPATH_INVALID_TYPE.rawValue, XPATH_INVALID_OPERAND.rawValue: return "wrong operand type in XPath expression"
        case XPATH_UNDEF_PREFIX_ERROR.rawValue: return "undefined namespace prefix in XPath expression"
        case XPATH_INVALID_CHAR_ERROR.rawValue: return "invalid character in XPath expression"
        case XPATH_RECURSION_LIMIT_EXCEEDED.rawValue: return "XPath expression is nested too deeply"
        default: return "invalid XPath expression"
        }
    }
}
