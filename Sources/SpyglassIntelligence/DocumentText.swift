import Foundation
import SpyglassExtract
import SpyglassHTML

/// Normalised lines per document kind: visible text for HTML, one line per
/// item for feeds, canonical pretty JSON (after the JSONPath, if any), and
/// the sorted URL list of a sitemap.
struct DocumentText: Sendable {
    let html = HTMLNormalizer()
    let feed = FeedText()

    func lines(
        of document: [UInt8], kind: DocumentKind, selector: String?, excluding: [String] = []
    ) throws(AnalysisError) -> [String] {
        do {
            switch kind {
            case .html:
                return try html.normalize(html: document, selector: selector, excluding: excluding).lines
            case .feed:
                return try feed.normalize(xml: document).lines
            case .json:
                return try CanonicalJSONText.lines(document, path: selector)
            case .sitemap:
                return FactExtractor().extract(document: document, url: nil, kind: .sitemap).sitemapURLs.sorted()
            }
        } catch let error as HTMLError {
            throw AnalysisError(code: "\(error.code)", message: error.message)
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw AnalysisError(code: "unreadable", message: "\(error)")
        }
    }
}

enum CanonicalJSONText {
    static func lines(_ bytes: [UInt8], path: String?) throws(AnalysisError) -> [String] {
        let root: JSONValue
        do {
            // Nesting as deep as Foundation's own parser accepts; recursion stays bounded.
            root = try JSONValue.parse(bytes, limits: JSONLimits(maxDepth: 512))
        } catch {
            throw AnalysisError(code: "invalid_json", message: "the document is not valid JSON: \(error.message)")
        }
        var selected = root.foundationValue
        if let path, !path.isEmpty {
            do {
                selected = try JSONPath(path).select(in: root).map(\.foundationValue)
            } catch {
                throw AnalysisError(code: "invalid_json_path", message: error.message)
            }
        }
        guard let data = try? JSONSerialization.data(
            withJSONObject: selected, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { throw AnalysisError(code: "invalid_json", message: "the document cannot be re-encoded as JSON") }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
