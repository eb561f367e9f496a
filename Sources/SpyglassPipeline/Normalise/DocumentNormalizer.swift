import Foundation
import SpyglassDomain
import SpyglassHTML
import SpyglassPorts

/// Turns fetched bytes into the stable text that is stored and compared,
/// according to the monitor's kind.
public struct DocumentNormalizer: Sendable {
    let html: HTMLNormalizer
    let feed: FeedText

    public init(html: HTMLNormalizer = HTMLNormalizer(), feed: FeedText = FeedText()) {
        self.html = html
        self.feed = feed
    }

    public struct Failure: Error, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    public func normalize(_ document: FetchedDocument, kind: Monitor.Kind, selector: String?) throws(Failure) -> String {
        switch kind {
        case .html:
            do {
                return try html.normalize(html: document.body, selector: selector, charset: Self.charset(document.contentType)).text
            } catch {
                throw Failure(code: "normalize_\(error.code)", message: error.message)
            }
        case .feed:
            do {
                return try feed.normalize(xml: document.body).text
            } catch {
                throw Failure(code: "normalize_\(error.code)", message: error.message)
            }
        case .json:
            return try CanonicalJSON.text(document.body)
        }
    }

    /// `text/html; charset=ISO-8859-1` → `ISO-8859-1`.
    static func charset(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            }
        }
        return nil
    }
}

/// JSON documents compared as pretty-printed JSON with sorted keys, so key
/// order and whitespace never show up as changes.
enum CanonicalJSON {
    static let maximumBytes = 5 * 1_024 * 1_024

    static func text(_ bytes: [UInt8]) throws(DocumentNormalizer.Failure) -> String {
        guard bytes.count <= maximumBytes else {
            throw .init(code: "normalize_too_large", message: "JSON document exceeds \(maximumBytes) bytes")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw .init(code: "normalize_invalid_json", message: "the document is not valid JSON")
        }
        do {
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw .init(code: "normalize_invalid_json", message: "the document cannot be re-encoded as JSON")
        }
    }
}
