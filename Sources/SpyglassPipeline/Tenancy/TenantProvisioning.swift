import SpyglassDomain
import SpyglassPorts

/// Creates workspaces with their owner key. The secret is returned once and
/// only its hash is stored.
public struct TenantProvisioning: Sendable {
    public static let keyPrefix = "sg_"
    let storage: any Storage

    public init(storage: any Storage) {
        self.storage = storage
    }

    public struct Provisioned: Sendable {
        public var tenant: Tenant
        public var apiKey: String
    }

    public func createTenant(name: String) async throws -> Provisioned {
        let secret = Secrets.generate(prefix: Self.keyPrefix)
        let key = NewAPIKey(
            name: "owner", role: .owner, displayPrefix: String(secret.prefix(Self.keyPrefix.count + 6)),
            secretHash: Secrets.sha256Hex(secret))
        let tenant = try await storage.createTenant(name: name, ownerKey: key)
        return Provisioned(tenant: tenant, apiKey: secret)
    }

    /// The key's record if the presented secret is one of ours.
    public func authenticate(secret: String) async throws -> APIKey? {
        guard secret.hasPrefix(Self.keyPrefix), secret.count < 200 else { return nil }
        return try await storage.apiKey(secretHash: Secrets.sha256Hex(secret))
    }
}
