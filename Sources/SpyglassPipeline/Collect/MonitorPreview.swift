import Foundation
import SpyglassDomain
import SpyglassExtract
import SpyglassIntelligence
import SpyglassPorts

/// What a monitor would watch, before it is saved: the page fetched through the
/// same fetcher as checks (its SSRF guard, robots.txt and politeness), then the
/// same normalisation and fact extraction. Nothing is stored.
public struct MonitorPreview: Sendable {
    let fetcher: any PageFetcher
    let analyzer = ChangeAnalyzer()

    public init(fetcher: any PageFetcher) {
        self.fetcher = fetcher
    }

    public struct Result: Sendable, Equatable {
        /// Where the fetch ended (after redirects).
        public var finalURL: String
        public var statusCode: Int
        public var contentType: String?
        /// The normalised lines a check would compare.
        public var lines: [String]
        public var facts: ExtractedFacts
    }

    /// Why there is nothing to show; the message is fit for the person who asked.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var code: String
        public var message: String
        public var description: String { message }
    }

    /// `monitor` needs its url, kind, selector and exclude selectors; the rest is ignored.
    public func preview(_ monitor: Monitor) async throws(Failure) -> Result {
        let intelligence = MonitorIntelligence(monitor)
        let fetched: FetchResult
        do {
            fetched = try await fetcher.fetch(FetchRequest(url: monitor.url))
        } catch let failure as FetchFailure {
            throw Failure(code: failure.code.description, message: failure.message)
        } catch {
            throw Failure(code: "network", message: "the page could not be fetched")
        }
        guard case .fetched(let document) = fetched else {
            throw Failure(code: "not_modified", message: "the server answered 304 Not Modified to a plain request")
        }
        let lines: [String]
        do {
            lines = try analyzer.lines(of: document.body, context: intelligence.context)
        } catch {
            throw Failure(code: error.code, message: error.message)
        }
        return Result(
            finalURL: document.finalURL, statusCode: document.statusCode, contentType: document.contentType,
            lines: lines, facts: analyzer.facts(of: document.body, context: intelligence.context))
    }
}
