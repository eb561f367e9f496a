/// Collects one document from the outside world. The distributed and embedded
/// modes share the one adapter (SpyglassFetch); tests may substitute their own.
public protocol PageFetcher: Sendable {
    /// Fetches `request.url`. Throws `FetchFailure` (and only that) when nothing
    /// usable was fetched; its message is recorded on the check as the reason.
    func fetch(_ request: FetchRequest) async throws -> FetchResult
}

public struct FetchRequest: Sendable, Equatable {
    public var url: String
    /// Validators from the previous successful fetch, for a conditional GET.
    public var etag: String?
    public var lastModified: String?

    public init(url: String, etag: String? = nil, lastModified: String? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
    }
}

public enum FetchResult: Sendable, Equatable {
    case fetched(FetchedDocument)
    /// The server answered 304 to a conditional GET: "no change".
    case notModified
}

public struct FetchedDocument: Sendable, Equatable {
    public var finalURL: String
    public var statusCode: Int
    public var contentType: String?
    public var body: [UInt8]
    public var etag: String?
    public var lastModified: String?

    public init(
        finalURL: String, statusCode: Int, contentType: String?, body: [UInt8],
        etag: String? = nil, lastModified: String? = nil
    ) {
        self.finalURL = finalURL
        self.statusCode = statusCode
        self.contentType = contentType
        self.body = body
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// Why a fetch produced nothing. `Code` is a struct so that new codes never
/// break callers that switch over the ones they know.
public struct FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The URL is malformed or uses a scheme other than http(s).
        public static let invalidURL = Code("invalid_url")
        /// The SSRF guard refused the destination address.
        public static let addressRefused = Code("address_refused")
        /// robots.txt disallows the path for our user agent.
        public static let robotsDisallowed = Code("robots_disallowed")
        public static let tooManyRedirects = Code("too_many_redirects")
        public static let bodyTooLarge = Code("body_too_large")
        public static let timeout = Code("timeout")
        /// The server answered with a status that is not a success.
        public static let httpStatus = Code("http_status")
        /// DNS, connection or TLS failure.
        public static let network = Code("network")
    }

    public var code: Code
    /// One line, fit to show a user: says what was refused and why.
    public var message: String
    /// Set when `code == .httpStatus`.
    public var statusCode: Int?

    public init(_ code: Code, _ message: String, statusCode: Int? = nil) {
        self.code = code
        self.message = message
        self.statusCode = statusCode
    }

    public var description: String { "\(code): \(message)" }

    /// Failures worth retrying later (the page may come back); the others are
    /// decisions that another attempt would only repeat.
    public var isTransient: Bool {
        switch code {
        case .timeout, .network: return true
        case .httpStatus: return (statusCode ?? 0) >= 500 || statusCode == 429
        default: return false
        }
    }
}
