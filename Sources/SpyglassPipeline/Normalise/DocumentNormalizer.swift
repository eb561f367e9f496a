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
                return try html.normalize(html: document.body, selector: selector, charset: document.contentType.flatMap(HTMLNormalizer.charset(contentType:))).text
            } catch {
                throw Failure(code: "\(error.code)", message: error.message)
            }
        case .feed:
            do {
                return try feed.normalize(xml: document.body).text
            } catch {
                throw Failure(code: "\(error.code)", message: error.message)
            }
        case .json:
            return try CanonicalJSON.text(document.body)
        }
    }
}

/// JSON documents compared as pretty-printed JSON with sorted keys, so key
/// order and whitespace never show up as changes.
enum CanonicalJSON {
    static let maximumBytes = 5 * 1_024 * 1_024

    static func text(_ bytes: [UInt8]) throws(DocumentNormalizer.Failure) -> String {
        guard bytes.count <= maximumBytes else {
            throw .init(code: "too_large", message: "JSON document exceeds \(maximumBytes) bytes")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw .init(code: "invalid_json", message: "the document is not valid JSON")
        }
        do {
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw .init(code: "invalid_json", message: "the document cannot be re-encoded as JSON")
        }
    }
}
