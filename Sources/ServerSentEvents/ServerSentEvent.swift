/// One `text/event-stream` record (WHATWG HTML, "Server-sent events").
public struct ServerSentEvent: Sendable, Equatable {
    public var id: String
    public var type: String
    public var data: String

    public init(id: String, type: String, data: String) {
        self.id = id
        self.type = type
        self.data = data
    }

    /// The record on the wire. A line break inside a field would end it early and let
    /// the rest be read as new fields, so each becomes a field of its own (`data`) or is
    /// dropped (`id`, `event`, which are one line by definition).
    public var wireText: String {
        var text = ""
        let id = Self.oneLine(id)
        if !id.isEmpty { text += "id: \(id)\n" }
        let type = Self.oneLine(type)
        if !type.isEmpty { text += "event: \(type)\n" }
        for line in data.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            text += "data: \(line)\n"
        }
        return text + "\n"
    }

    /// A comment line: ignored by clients, it keeps proxies from closing an idle stream.
    public static func comment(_ text: String) -> String { ": \(oneLine(text))\n\n" }

    static func oneLine(_ text: String) -> String {
        String(text.filter { !$0.isNewline && $0 != "\0" })
    }
}
