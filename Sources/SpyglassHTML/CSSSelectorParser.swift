/// A recursive-descent parser for the CSS selector subset we translate to XPath
/// (Selectors Level 3 without namespaces, pseudo-elements or dynamic states).
/// Every error names the problem and its offset in Unicode scalars.
struct CSSSelectorParser {
    /// Long selectors only make XPath evaluation slower; real ones are short.
    static let maxLength = 4096
    static let maxNotNesting = 8
    /// Bounds a and b of `an+b` so arithmetic on them cannot overflow.
    static let maxNthValue = 1_000_000

    private let input: [Unicode.Scalar]
    private var index = 0
    private var notNesting = 0

    private init(_ css: String) {
        input = Array(css.unicodeScalars)
    }

    static func parse(_ css: String) throws(SelectorError) -> CSSSelectorList {
        var parser = CSSSelectorParser(css)
        return try parser.parseList()
    }

    // MARK: Grammar

    private mutating func parseList() throws(SelectorError) -> CSSSelectorList {
        guard input.count <= Self.maxLength else {
            throw SelectorError("selector is longer than \(Self.maxLength) characters", at: Self.maxLength)
        }
        if let nul = input.firstIndex(of: "\0") {
            throw SelectorError("NUL character in selector", at: nul)
        }
        skipWhitespace()
        guard !atEnd else { throw SelectorError("empty selector", at: index) }
        var selectors = [try parseComplex()]
        while !atEnd {
            guard peek() == "," else { throw unexpected() }
            index += 1
            skipWhitespace()
            selectors.append(try parseComplex())
        }
        return CSSSelectorList(selectors: selectors)
    }

    private mutating func parseComplex() throws(SelectorError) -> CSSComplexSelector {
        let first = try parseCompound(enclosingType: nil)
        var rest: [CSSComplexSelector.Step] = []
        while true {
            let hadWhitespace = skipWhitespace()
            guard let next = peek(), next != "," else { break }
            let combinator: CSSCombinator
            switch next {
            case ">": combinator = .child
            case "+": combinator = .adjacentSibling
            case "~": combinator = .generalSibling
            default:
                guard hadWhitespace else { throw unexpected() }
                combinator = .descendant
            }
            if combinator != .descendant {
                index += 1
                skipWhitespace()
            }
            rest.append(.init(combinator: combinator, compound: try parseCompound(enclosingType: nil)))
        }
        return CSSComplexSelector(first: first, rest: rest)
    }

    /// `enclosingType` is the element type of the compound around a `:not()`,
    /// which the `-of-type` pseudo-classes inside it count by.
    private mutating func parseCompound(enclosingType: String?) throws(SelectorError) -> CSSCompoundSelector {
        let start = index
        var typeName: String?
        if peek() == "*" {
            index += 1
        } else if startsIdentifier() {
            typeName = try parseIdentifier().asciiLowercased()
        }
        if peek() == "|" {
            throw SelectorError("namespace prefixes are not supported", at: index)
        }
        var conditions: [CSSCondition] = []
        loop: while let next = peek() {
            switch next {
            case "#":
                index += 1
                guard startsName() else { throw SelectorError("expected an id after '#'", at: index) }
                conditions.append(.id(try parseName()))
            case ".":
                index += 1
                guard startsName() else { throw SelectorError("expected a class name after '.'", at: index) }
                conditions.append(.className(try parseName()))
            case "[":
                conditions.append(try parseAttribute())
            case ":":
                conditions.append(try parsePseudoClass(type: typeName ?? enclosingType))
            default:
                break loop
            }
        }
        guard index > start else {
            if let found = peek() {
                throw SelectorError("expected a selector, found '\(found.escaped(asASCII: false))'", at: index)
            }
            throw SelectorError("expected a selector at the end", at: index)
        }
        return CSSCompoundSelector(typeName: typeName, conditions: conditions)
    }

    private mutating func parseAttribute() throws(SelectorError) -> CSSCondition {
        let open = index
        index += 1  // [
        skipWhitespace()
        guard startsIdentifier() else { throw SelectorError("expected an attribute name after '['", at: index) }
        let name = try parseIdentifier().asciiLowercased()
        if peek() == "|" && peek(1) != "=" {
            throw SelectorError("namespace prefixes are not supported", at: index)
        }
        skipWhitespace()
        if peek() == "]" {
            index += 1
            return .attribute(name: name, match: nil)
        }
        let operatorStart = index
        let op: CSSAttributeMatch.Operator
        switch (peek(), peek(1)) {
        case ("=", _): op = .equals
        case ("~", "="): op = .includesWord
        case ("|", "="): op = .dashPrefix
        case ("^", "="): op = .prefix
        case ("$", "="): op = .suffix
        case ("*", "="): op = .substring
        case (nil, _): throw SelectorError("unclosed '[' opened", at: open)
        default: throw SelectorError("expected ']' or an attribute operator such as '='", at: index)
        }
        index += op == .equals ? 1 : 2
        skipWhitespace()
        let value: String
        if let quote = peek(), quote == "\"" || quote == "'" {
            value = try parseString()
        } else if startsName() {
            value = try parseName()
        } else {
            throw SelectorError("expected a value after the attribute operator", at: atEnd ? index : operatorStart)
        }
        skipWhitespace()
        var caseInsensitive = false
        if let flag = peek(), "iIsS".unicodeScalars.contains(flag) {
            caseInsensitive = flag == "i" || flag == "I"
            index += 1
            skipWhitespace()
        }
        guard peek() == "]" else {
            if atEnd { throw SelectorError("unclosed '[' opened", at: open) }
            throw SelectorError("expected ']'", at: index)
        }
        index += 1
        return .attribute(name: name, match: CSSAttributeMatch(op: op, value: value, caseInsensitive: caseInsensitive))
    }

    private mutating func parsePseudoClass(type: String?) throws(SelectorError) -> CSSCondition {
        let start = index
        index += 1  // :
        if peek() == ":" {
            throw SelectorError("pseudo-elements such as '::before' are not supported", at: start)
        }
        guard startsIdentifier() else { throw SelectorError("expected a pseudo-class name after ':'", at: index) }
        let name = try parseIdentifier().asciiLowercased()
        let isFunction = peek() == "("

        func typeForOfType() throws(SelectorError) -> String {
            guard let type else {
                throw SelectorError("':\(name)' needs an element type before it, such as 'p:\(name)'", at: start)
            }
            return type
        }

        switch (name, isFunction) {
        case ("first-child", false): return .pseudo(.nth(a: 0, b: 1, fromEnd: false, ofType: nil))
        case ("last-child", false): return .pseudo(.nth(a: 0, b: 1, fromEnd: true, ofType: nil))
        case ("only-child", false): return .pseudo(.onlyChild(ofType: nil))
        case ("first-of-type", false): return .pseudo(.nth(a: 0, b: 1, fromEnd: false, ofType: try typeForOfType()))
        case ("last-of-type", false): return .pseudo(.nth(a: 0, b: 1, fromEnd: true, ofType: try typeForOfType()))
        case ("only-of-type", false): return .pseudo(.onlyChild(ofType: try typeForOfType()))
        case ("nth-child", true), ("nth-last-child", true), ("nth-of-type", true), ("nth-last-of-type", true):
            let (a, b) = try parseNthArgument()
            let ofType = name.hasSuffix("-of-type") ? try typeForOfType() : nil
            return .pseudo(.nth(a: a, b: b, fromEnd: name.hasPrefix("nth-last"), ofType: ofType))
        case ("not", true):
            return .pseudo(.not(try parseNotArgument(type: type)))
        default:
            throw SelectorError("unsupported pseudo-class ':\(name)\(isFunction ? "()" : "")'", at: start)
        }
    }

    /// The argument of `:nth-child(…)`: `odd`, `even`, `b`, `an`, `an+b`, `an-b`.
    private mutating func parseNthArgument() throws(SelectorError) -> (a: Int, b: Int) {
        let open = index
        index += 1  // (
        var text = ""
        while let next = peek(), next != ")" {
            if !next.properties.isWhitespace { text.unicodeScalars.append(next) }
            index += 1
        }
        guard !atEnd else { throw SelectorError("unclosed '(' opened", at: open) }
        index += 1  // )
        let argument = text.asciiLowercased()
        let shown = argument.unicodeScalars.map { $0.escaped(asASCII: false) }.joined()
        let invalid = SelectorError("invalid an+b argument '\(shown)'", at: open + 1)
        let a: Int
        let b: Int
        switch argument {
        case "odd": (a, b) = (2, 1)
        case "even": (a, b) = (2, 0)
        default:
            if let n = argument.firstIndex(of: "n") {
                let aPart = argument[..<n]
                let bPart = argument[argument.index(after: n)...]
                switch aPart {
                case "", "+": a = 1
                case "-": a = -1
                default:
                    guard let value = Self.integer(aPart) else { throw invalid }
                    a = value
                }
                if bPart.isEmpty {
                    b = 0
                } else {
                    guard bPart.first == "+" || bPart.first == "-", let value = Self.integer(bPart) else { throw invalid }
                    b = value
                }
            } else {
                guard let value = Self.integer(Substring(argument)) else { throw invalid }
                (a, b) = (0, value)
            }
        }
        guard abs(a) <= Self.maxNthValue, abs(b) <= Self.maxNthValue else {
            throw SelectorError("an+b argument is too large", at: open + 1)
        }
        return (a, b)
    }

    /// An optionally signed run of ASCII digits, short enough not to overflow.
    private static func integer(_ text: Substring) -> Int? {
        let digits = text.first == "+" || text.first == "-" ? text.dropFirst() : text
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    private mutating func parseNotArgument(type: String?) throws(SelectorError) -> [CSSCompoundSelector] {
        let open = index
        guard notNesting < Self.maxNotNesting else {
            throw SelectorError(":not() is nested more than \(Self.maxNotNesting) deep", at: open)
        }
        notNesting += 1
        defer { notNesting -= 1 }
        index += 1  // (
        var compounds: [CSSCompoundSelector] = []
        while true {
            skipWhitespace()
            compounds.append(try parseCompound(enclosingType: type))
            skipWhitespace()
            switch peek() {
            case ",": index += 1
            case ")": index += 1; return compounds
            case nil: throw SelectorError("unclosed '(' opened", at: open)
            default: throw SelectorError("':not()' accepts only compound selectors such as 'p.a'", at: index)
            }
        }
    }

    // MARK: Tokens

    private mutating func parseIdentifier() throws(SelectorError) -> String {
        var result = ""
        // A leading hyphen (or two) is part of the identifier.
        while peek() == "-" {
            result.unicodeScalars.append("-")
            index += 1
        }
        result += try parseName()
        return result
    }

    /// A run of name characters and escapes (`#id` and `.class` accept names
    /// that CSS would reject as identifiers, like `#1a`; there is no harm).
    private mutating func parseName() throws(SelectorError) -> String {
        var result = ""
        while let next = peek() {
            if next == "\\" {
                result.unicodeScalars.append(try parseEscape())
            } else if Self.isNameCharacter(next) {
                result.unicodeScalars.append(next)
                index += 1
            } else {
                break
            }
        }
        return result
    }

    private mutating func parseString() throws(SelectorError) -> String {
        let open = index
        guard let quote = peek() else { throw SelectorError("expected a string", at: index) }
        index += 1
        var result = ""
        while true {
            guard let next = peek() else { throw SelectorError("unterminated string starting", at: open) }
            switch next {
            case quote:
                index += 1
                return result
            case "\n", "\r", "\u{0C}":
                throw SelectorError("newline inside a string", at: index)
            case "\\":
                if let after = peek(1), after == "\n" {
                    index += 2  // an escaped newline continues the string
                } else if peek(1) == nil {
                    throw SelectorError("unterminated string starting", at: open)
                } else {
                    result.unicodeScalars.append(try parseEscape())
                }
            default:
                result.unicodeScalars.append(next)
                index += 1
            }
        }
    }

    /// `\` then up to six hex digits (and one optional whitespace) or any other character.
    private mutating func parseEscape() throws(SelectorError) -> Unicode.Scalar {
        let start = index
        index += 1  // backslash
        guard let next = peek() else { throw SelectorError("incomplete escape", at: start) }
        guard next != "\n", next != "\r", next != "\u{0C}" else {
            throw SelectorError("a newline cannot be escaped here", at: start)
        }
        guard next.properties.isASCIIHexDigit else {
            index += 1
            return next
        }
        var value: UInt32 = 0
        var count = 0
        while count < 6, let digit = peek(), let digitValue = Self.hexValue(digit) {
            value = value * 16 + digitValue
            count += 1
            index += 1
        }
        if let space = peek(), space.properties.isWhitespace { index += 1 }
        guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return scalar
    }

    // MARK: Character classes and cursor

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || c.value >= 0x80
    }

    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || (c >= "0" && c <= "9") || c == "-"
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }

    private func startsValidEscape(at offset: Int) -> Bool {
        guard peek(offset) == "\\", let next = peek(offset + 1) else { return false }
        return next != "\n" && next != "\r" && next != "\u{0C}"
    }

    private func startsName() -> Bool {
        guard let next = peek() else { return false }
        return Self.isNameCharacter(next) || startsValidEscape(at: 0)
    }

    private func startsIdentifier() -> Bool {
        var offset = 0
        while peek(offset) == "-" { offset += 1 }
        guard offset <= 2, let next = peek(offset) else { return false }
        if offset == 2 { return true }  // `--` starts a custom identifier
        return Self.isNameStart(next) || startsValidEscape(at: offset)
    }

    private var atEnd: Bool { index >= input.count }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let position = index + offset
        return position < input.count ? input[position] : nil
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = index
        while let next = peek(), next == " " || next == "\t" || next == "\n" || next == "\r" || next == "\u{0C}" {
            index += 1
        }
        return index > start
    }

    private func unexpected() -> SelectorError {
        guard let found = peek() else { return SelectorError("unexpected end of selector", at: index) }
        return SelectorError("unexpected '\(found.escaped(asASCII: false))'", at: index)
    }
}
