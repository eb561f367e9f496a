/// Translates CSS selectors into XPath 1.0 expressions evaluated against the
/// whole document: `div.a > p` becomes
/// `//div[contains(concat(' ', normalize-space(@class), ' '), ' a ')]/p`.
///
/// Element and attribute names are matched lowercased, as libxml2's HTML
/// parser stores them. Values always go through `XPathLiteral`.
public enum CSSToXPath {
    public static func translate(_ css: String) throws(SelectorError) -> String {
        let list = try CSSSelectorParser.parse(css)
        return list.selectors.map(path(for:)).joined(separator: " | ")
    }

    private static func path(for selector: CSSComplexSelector) -> String {
        var xpath = "//" + step(selector.first)
        for next in selector.rest {
            switch next.combinator {
            case .descendant:
                xpath += "//" + step(next.compound)
            case .child:
                xpath += "/" + step(next.compound)
            case .generalSibling:
                xpath += "/following-sibling::" + step(next.compound)
            case .adjacentSibling:
                // The very next element sibling, which must then match.
                var predicates = next.compound.typeName.map { [typeTest($0)] } ?? []
                predicates += next.compound.conditions.map(condition)
                xpath += "/following-sibling::*[1]" + predicates.map { "[\($0)]" }.joined()
            }
        }
        return xpath
    }

    /// A location step: node test plus one predicate per condition.
    private static func step(_ compound: CSSCompoundSelector) -> String {
        var nodeTest = "*"
        var predicates: [String] = []
        if let name = compound.typeName {
            if isPlainName(name) {
                nodeTest = name
            } else {
                predicates.append("name()=\(XPathLiteral.quote(name))")
            }
        }
        predicates += compound.conditions.map(condition)
        return nodeTest + predicates.map { "[\($0)]" }.joined()
    }

    /// The compound as one boolean expression about the context node (for `:not()`).
    private static func test(_ compound: CSSCompoundSelector) -> String {
        var parts = compound.typeName.map { [typeTest($0)] } ?? []
        parts += compound.conditions.map(condition)
        return parts.isEmpty ? "true()" : parts.joined(separator: " and ")
    }

    private static func typeTest(_ name: String) -> String {
        isPlainName(name) ? "self::\(name)" : "name()=\(XPathLiteral.quote(name))"
    }

    private static func condition(_ condition: CSSCondition) -> String {
        switch condition {
        case .id(let id):
            return "@id=\(XPathLiteral.quote(id))"
        case .className(let name):
            return wordTest(attribute: "@class", word: name)
        case .attribute(let name, nil):
            return attributeReference(name)
        case .attribute(let name, let match?):
            return attributeTest(attributeReference(name), match)
        case .pseudo(let pseudo):
            return pseudoTest(pseudo)
        }
    }

    private static func attributeReference(_ name: String) -> String {
        isPlainName(name) ? "@\(name)" : "@*[name()=\(XPathLiteral.quote(name))]"
    }

    private static func attributeTest(_ reference: String, _ match: CSSAttributeMatch) -> String {
        let attribute = match.caseInsensitive
            ? "translate(\(reference), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
            : reference
        let value = match.caseInsensitive ? match.value.asciiLowercased() : match.value
        let literal = XPathLiteral.quote(value)
        // Per Selectors Level 3, an empty value never matches ^= $= *= ~=.
        switch match.op {
        case .equals:
            return "\(attribute)=\(literal)"
        case .includesWord:
            return wordTest(attribute: attribute, word: value)
        case .dashPrefix:
            return "(\(attribute)=\(literal) or starts-with(\(attribute), \(XPathLiteral.quote(value + "-"))))"
        case .prefix:
            return value.isEmpty ? "false()" : "starts-with(\(attribute), \(literal))"
        case .suffix:
            guard !value.isEmpty else { return "false()" }
            // XPath 1.0 has no ends-with; string-length counts Unicode scalars, as we do.
            let offset = value.unicodeScalars.count - 1
            let start = offset == 0 ? "string-length(\(attribute))" : "string-length(\(attribute)) - \(offset)"
            return "substring(\(attribute), \(start))=\(literal)"
        case .substring:
            return value.isEmpty ? "false()" : "contains(\(attribute), \(literal))"
        }
    }

    /// Whitespace-separated token match, as `.class` and `[attr~=word]` need.
    private static func wordTest(attribute: String, word: String) -> String {
        guard !word.isEmpty, !word.unicodeScalars.contains(where: isXMLSpace) else { return "false()" }
        return "contains(concat(' ', normalize-space(\(attribute)), ' '), \(XPathLiteral.quote(" \(word) ")))"
    }

    private static func pseudoTest(_ pseudo: CSSPseudoClass) -> String {
        switch pseudo {
        case .nth(let a, let b, let fromEnd, let ofType):
            let axis = fromEnd ? "following-sibling" : "preceding-sibling"
            let siblings = "\(axis)::\(ofType.map(siblingTest) ?? "*")"
            if a == 0 && b == 1 { return "not(\(siblings))" }
            if a == 0 { return b < 1 ? "false()" : "count(\(siblings)) = \(b - 1)" }
            let position = "count(\(siblings)) + 1"
            // position = a*n + b for some n >= 0
            let offset = b == 0 ? position : b > 0 ? "\(position) - \(b)" : "\(position) + \(-b)"
            if a == 1 { return b <= 1 ? "true()" : "\(position) >= \(b)" }
            if a > 0 {
                if b <= 1 { return "(\(offset)) mod \(a) = 0" }
                return "\(position) >= \(b) and (\(offset)) mod \(a) = 0"
            }
            if b < 1 { return "false()" }
            if a == -1 { return "\(position) <= \(b)" }
            return "\(position) <= \(b) and (\(b) - (\(position))) mod \(-a) = 0"
        case .onlyChild(let ofType):
            let test = ofType.map(siblingTest) ?? "*"
            return "not(preceding-sibling::\(test)) and not(following-sibling::\(test))"
        case .not(let compounds):
            return "not(\(compounds.map(test).joined(separator: " or ")))"
        }
    }

    /// A node test for siblings of the given type (for the `-of-type` forms).
    private static func siblingTest(_ name: String) -> String {
        isPlainName(name) ? name : "*[name()=\(XPathLiteral.quote(name))]"
    }

    /// Names written into XPath as names are restricted to a safe ASCII subset
    /// of NCName; anything else is compared as a string literal instead.
    private static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
              first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar == "_" || scalar == "-" || scalar == ".")
        }
    }

    private static func isXMLSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }
}
