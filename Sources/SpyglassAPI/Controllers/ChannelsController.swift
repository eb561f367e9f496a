import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassIntelligence
import SpyglassPipeline
import SpyglassPorts

struct ChannelsController {
    let dependencies: APIDependencies

    func register(_ routes: RouteRecorder) {
        routes.on(.get, "/v1/channels", handler: list)
        routes.on(.post, "/v1/channels", handler: create)
        routes.on(.get, "/v1/channels/{id}", handler: get)
        routes.on(.patch, "/v1/channels/{id}", handler: update)
        routes.on(.delete, "/v1/channels/{id}", handler: delete)
        routes.on(.post, "/v1/channels/{id}/test", handler: test)
    }

    private func store(_ context: APIRequestContext) throws -> any TenantStorage {
        dependencies.storage.scoped(to: try context.requireTenant())
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let page = try await store(context).channels(page: try Query(request).page())
        return try JSONResponse.list(page.items.map { Wire.ChannelBody($0) }, next: page.nextAfter)
    }

    /// The answer carries the signing `secret`, the only time it is shown.
    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        var body = try await JSONBody.read(request, allowed: ["kind", "url", "name", "enabled", "routing", "digest"])
        let kindText = body.string("kind", required: true)
        let url = body.string("url", required: true)
        let name = body.string("name")
        let enabled = body.bool("enabled") ?? true
        var kind: AlertChannel.Kind?
        if let kindText {
            kind = AlertChannel.Kind(rawValue: kindText)
            if kind == nil { body.add(FieldError(field: "kind", message: "must be one of: webhook, slack, email")) }
        }
        if let url { body.add(kind == .email ? Validate.mailto(url, field: "url") : Validate.webURL(url, field: "url")) }
        let digest = Self.digest(&body) ?? (kind == .email ? .daily : nil)
        if let name { body.add(Validate.name(name, field: "name")) }
        let routing = Self.routing(&body)
        try body.validate()
        guard let kind, let url else { throw APIProblem.internalError() }
        let now = dependencies.clock.now()
        let channel = AlertChannel(
            id: .generate(at: now), tenantID: tenant, kind: kind, name: name ?? "\(kind.rawValue) channel",
            url: url.trimmingCharacters(in: .whitespaces), secret: Secrets.generate(prefix: "whsec_"),
            enabled: enabled, routing: (routing ?? nil) ?? .everything, digest: kind == .email ? digest : nil,
            createdAt: now, updatedAt: now)
        try await dependencies.storage.scoped(to: tenant).insertChannel(channel)
        return try JSONResponse.make(Wire.ChannelBody(channel, revealSecret: true), status: .created)
    }

    @Sendable func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: AlertChannel.ID = try context.parameters.id()
        guard let channel = try await store(context).channel(id) else { throw APIProblem.notFound("channel \(id)") }
        return try JSONResponse.make(Wire.ChannelBody(channel))
    }

    @Sendable func update(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: AlertChannel.ID = try context.parameters.id()
        let store = try store(context)
        guard var channel = try await store.channel(id) else { throw APIProblem.notFound("channel \(id)") }
        var body = try await JSONBody.read(request, allowed: ["url", "name", "enabled", "routing", "digest"])
        if let url = body.string("url") {
            body.add(channel.kind == .email ? Validate.mailto(url, field: "url") : Validate.webURL(url, field: "url"))
            channel.url = url.trimmingCharacters(in: .whitespaces)
        }
        if let name = body.string("name") {
            body.add(Validate.name(name, field: "name"))
            channel.name = name
        }
        if let enabled = body.bool("enabled") { channel.enabled = enabled }
        if case .some(let routing) = Self.routing(&body) { channel.routing = routing ?? .everything }
        if let digest = Self.digest(&body), channel.kind == .email { channel.digest = digest }
        try body.validate()
        channel.updatedAt = dependencies.clock.now()
        guard try await store.updateChannel(channel) else { throw APIProblem.notFound("channel \(id)") }
        return try JSONResponse.make(Wire.ChannelBody(channel))
    }

    @Sendable func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: AlertChannel.ID = try context.parameters.id()
        guard try await store(context).deleteChannel(id) else { throw APIProblem.notFound("channel \(id)") }
        return JSONResponse.noContent()
    }

    /// Queues a test event to the channel; 202 with the delivery to follow.
    @Sendable func test(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id: AlertChannel.ID = try context.parameters.id()
        guard let channel = try await store(context).channel(id) else { throw APIProblem.notFound("channel \(id)") }
        let delivery = try await dependencies.channelTester.sendTest(to: channel)
        return try JSONResponse.make(Wire.DeliveryBody(delivery), status: .accepted)
    }

    /// `routing`: absent (.none), null (reset to everything) or a rule.
    static func routing(_ body: inout JSONBody) -> RoutingRule?? {
        guard case .some(let data) = body.objectData("routing") else { return .none }
        guard let data else { return .some(nil) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let rule = try? decoder.decode(RoutingRule.self, from: data) else {
            body.add(FieldError(field: "routing", message:
                "must be {categories: [..], min_significance: 0-100, competitor_ids: [..], tags: [..]}"))
            return .none
        }
        if let unknown = rule.categories.first(where: { ChangeCategory(rawValue: $0) == nil }) {
            body.add(FieldError(field: "routing.categories", message: "\"\(unknown)\" is not a category"))
        }
        if !(0...100).contains(rule.minSignificance) {
            body.add(FieldError(field: "routing.min_significance", message: "must be from 0 to 100"))
        }
        if let bad = rule.competitorIds.first(where: { Competitor.ID($0) == nil }) {
            body.add(FieldError(field: "routing.competitor_ids", message: "\"\(bad)\" is not a competitor id"))
        }
        return .some(rule)
    }

    static func digest(_ body: inout JSONBody) -> AlertChannel.DigestPeriod? {
        guard let text = body.string("digest") else { return nil }
        guard let period = AlertChannel.DigestPeriod(rawValue: text) else {
            body.add(FieldError(field: "digest", message: "must be daily or weekly"))
            return nil
        }
        return period
    }
}
