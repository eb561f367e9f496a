/// A JSONPath subset for picking the interesting part of a JSON endpoint:
/// `$`, `.name`, `['name']` / `["name"]`, `[0]` (negative counts from the
/// end), `[*]` and `.*`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
        case wildcard
    }

    /// Expressions longer than this are refused: no real selector needs it.
    public static let maxLength = 1024
    /// Evaluation stops collecting after this many values.
    public static let maxResults = 100_000

    public let segments: [Segment]
    /// The expression as written.
    public let description: String

    public init(_ expression: String) throws(ExtractError) {
        guard expression.utf8.count <= Self.maxLength else {
            throw ExtractError(.invalidJSONPath, "JSONPath is longer than \(Self.maxLength) bytes")
        }
        var parser = JSONPathParser(expression)
        segments = try parser.parse()
        description = expression
    }

    /// The values the path selects, in document order.
    public func select(in root: JSONValue) -> [JSONValue] {
        var current = [root]
        for segment in segments {
            var next: [JSONValue] = []
            for value in current where next.count < Self.maxResults {
                switch (segment, value) {
                case (.key(let key), .object):
                    if let member = value[key] { next.append(member) }
                case (.index(let position), .array(let elements)):
                    let resolved = position < 0 ? elements.count + position : position
                    if elements.indices.contains(resolved) { next.append(elements[resolved]) }
                case (.wildcard, .array(let elements)):
                    next.append(contentsOf: elements.prefix(Self.maxResults - next.count))
                case (.wildcard, .object(let members)):
                    next.append(contentsOf: members.prefix(Self.maxResults - next.count).map(\.value))
                default:
                    continue
                }
            }
            current = next
        }
        return current
    }
}

/// Reads a JSONPath expression character by character, reporting the
/// position of the first problem.
struct JSONPathParser {
    private let characters: [Character]
    private var index = 0

    init(_ expression: String) {
        characters = Array(expression)
    }

    private func failure(_ problem: String) -> ExtractError {
        ExtractError(.invalidJSONPath, "\(problem) at position \(index + 1)")
    }

    mutating func parse() throws(ExtractError) -> [JSONPath.Segment] {
        guard characters.first == "$" else {
            throw ExtractError(.invalidJSONPath, "a JSONPath must start with '$'")
        }
        index = 1
        var segments: [JSONPath.Segment] = []
        while index < characters.count {
            switch characters[index] {
            case ".":
                index += 1
                segments.append(try dotSegment())
            case "[":
                index += 1
                segments.append(try bracketSegment())
            default:
                throw failure("expected '.' or '['")
            }
        }
        return segments
    }

    private mutating func dotSegment() throws(ExtractError) -> JSONPath.Segment {
        guard index < characters.count else { throw failure("expected a name after '.'") }
        if characters[index] == "*" {
            index += 1
            return .wildcard
        }
        if characters[index] == "." { throw failure("recursive descent '..' is not supported") }
        let start = index
        while index < characters.count, Self.isNameCharacter(characters[index]) { index += 1 }
        guard index > start else { throw failure("expected a name after '.'") }
        return .key(String(characters[start..<index]))
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-" || character == "$" || character == "@"
    }

    private mutating func bracketSegment() throws(ExtractError) -> JSONPath.Segment {
        guard index < characters.count else { throw failure("unterminated '['") }
        let segment: JSONPath.Segment
        switch characters[index] {
        case "*":
            index += 1
            segment = .wildcard
        case "'", "\"":
            segment = .key(try quotedName())
        case "-", "0"..."9":
            segment = .index(try integer())
        default:
            throw failure("expected an index, '*' or a quoted name")
        }
        guard index < characters.count, characters[index] == "]" else { throw failure("expected ']'") }
        index += 1
        return segment
    }

    private mutating func quotedName() throws(ExtractError) -> String {
        let quote = characters[index]
        index += 1
        var name = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == quote { return name }
            if character == "\\" {
                guard index < characters.count else { break }
                name.append(characters[index])
                index += 1
            } else {
                name.append(character)
            }
        }
        throw failure("unterminated quoted name")
    }

    private mutating func integer() throws(ExtractError) -> Int {
        var text = ""
        if characters[index] == "-" {
            text = "-"
            index += 1
        }
        while index < characters.count, let digit = characters[index].wholeNumberValue, characters[index].isASCII {
            text.append(String(digit))
            index += 1
        }
        guard let value = Int(text), text.count <= 10 else { throw failure("invalid index") }
        return value
    }
}
