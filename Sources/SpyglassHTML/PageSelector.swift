/// What part of a page a monitor watches. A selector that starts with `/`,
/// `(` or `./` is XPath 1.0; anything else is CSS.
public enum PageSelector: Sendable, Equatable {
    case css(String)
    case xpath(String)

    /// Classifies the selector; leading whitespace is ignored for the decision
    /// but kept, so that error positions match what the user wrote.
    public init(parsing selector: String) {
        let start = selector.unicodeScalars.drop { $0.properties.isWhitespace }
        var head = ""
        head.unicodeScalars.append(contentsOf: start.prefix(2))
        if head.hasPrefix("/") || head.hasPrefix("(") || head == "./" {
            self = .xpath(selector)
        } else {
            self = .css(selector)
        }
    }

    /// The XPath to evaluate: CSS is translated, XPath is syntax-checked.
    public func xpath() throws(SelectorError) -> String {
        switch self {
        case .css(let css):
            return try CSSToXPath.translate(css)
        case .xpath(let expression):
            try XPathQuery.validate(expression)
            return expression
        }
    }
}
