import Hummingbird
import Logging
import NIOCore
import SpyglassDomain

/// The request context. `apiKey` is set by `AuthMiddleware`; handlers reach
/// the tenant only through `requireTenant()`, so an unauthenticated request
/// can never touch tenant data.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var apiKey: APIKey?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.apiKey = nil
    }

    /// Request bodies are small JSON documents.
    public var maxUploadSize: Int { APILimits.maximumBodyBytes }

    func requireTenant() throws(APIProblem) -> Tenant.ID {
        guard let apiKey else { throw .unauthorized("missing or invalid API key") }
        return apiKey.tenantID
    }
}

public enum APILimits {
    public static let maximumBodyBytes = 64 * 1_024
}
