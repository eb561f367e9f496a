/// The parsed form of a CSS selector list: what `CSSSelectorParser` produces
/// and `CSSToXPath` turns into XPath.
struct CSSSelectorList: Equatable {
    var selectors: [CSSComplexSelector]
}

/// Compound selectors joined by combinators, e.g. `nav > ul li.active`.
struct CSSComplexSelector: Equatable {
    struct Step: Equatable {
        var combinator: CSSCombinator
        var compound: CSSCompoundSelector
    }
    var first: CSSCompoundSelector
    var rest: [Step]
}

enum CSSCombinator: Equatable {
    case descendant  // whitespace
    case child  // >
    case adjacentSibling  // +
    case generalSibling  // ~
}

/// A type selector (or `*`) followed by conditions on the same element.
struct CSSCompoundSelector: Equatable {
    /// nil for `*` or when no type is written.
    var typeName: String?
    var conditions: [CSSCondition]
}

enum CSSCondition: Equatable {
    case id(String)
    case className(String)
    case attribute(name: String, match: CSSAttributeMatch?)
    case pseudo(CSSPseudoClass)
}

struct CSSAttributeMatch: Equatable {
    enum Operator: Equatable {
        case equals  // =
        case includesWord  // ~=
        case dashPrefix  // |=
        case prefix  // ^=
        case suffix  // $=
        case substring  // *=
    }
    var op: Operator
    var value: String
    /// The `i` flag: compare ASCII letters case-insensitively.
    var caseInsensitive: Bool
}

enum CSSPseudoClass: Equatable {
    /// `:nth-child(an+b)` and friends; `:first-child` is `nth(a: 0, b: 1, …)`.
    /// `ofType` names the element type counted by the `-of-type` forms.
    case nth(a: Int, b: Int, fromEnd: Bool, ofType: String?)
    case onlyChild(ofType: String?)
    case not([CSSCompoundSelector])
}
