/// Literal text (case-insensitive) or an ICU regular expression, matched against one line.
public enum TextMatch: Sendable, Hashable {
    case text(String)
    case regex(String)
}

/// A condition that makes a change worth an alert: a meaningful added line (`appears`) or a
/// meaningful removed line (`disappears`) matches. Lines judged noise never fire a trigger.
///
/// JSON: `{"event": "appears", "text": "Sold out"}` or `{"event": "disappears", "regex": "…"}`.
public struct Trigger: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Event: String, Sendable, Hashable, Codable {
        case appears, disappears
    }

    public var event: Event
    public var match: TextMatch

    public init(_ event: Event, _ match: TextMatch) {
        self.event = event
        self.match = match
    }

    public static func appears(_ match: TextMatch) -> Trigger { Trigger(.appears, match) }
    public static func disappears(_ match: TextMatch) -> Trigger { Trigger(.disappears, match) }

    /// `appears "Sold out"` or `disappears /\d+ seats/`, as reported in `NoiseVerdict.triggered`.
    public var description: String {
        switch match {
        case .text(let text): "\(event.rawValue) \"\(text)\""
        case .regex(let pattern): "\(event.rawValue) /\(pattern)/"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case event, text, regex
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        event = try container.decode(Event.self, forKey: .event)
        let text = try container.decodeIfPresent(String.self, forKey: .text)
        let regex = try container.decodeIfPresent(String.self, forKey: .regex)
        switch (text, regex) {
        case (let text?, nil): match = .text(text)
        case (nil, let regex?): match = .regex(regex)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .text, in: container, debugDescription: "a trigger needs exactly one of \"text\" and \"regex\""
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event, forKey: .event)
        switch match {
        case .text(let text): try container.encode(text, forKey: .text)
        case .regex(let pattern): try container.encode(pattern, forKey: .regex)
        }
    }
}
