import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassIntelligence
import SpyglassPipeline
import SpyglassPorts

/// `/channels`: where the workspace's changes are delivered (signed webhooks, Slack, e-mail digests).
/// Members and up see them; admins and owners create, enable, disable and delete them. A webhook's
/// signing secret is shown once, on the page that answers its creation.
struct ChannelsPage {
    let kit: PageKit
    /// More channels than this is not a dashboard's problem: the API pages through them.
    static let listLimit = 200

    struct Row: Sendable {
        var id: String
        var kind: String
        var name: String
        var url: String
        var enabled: Bool
        var digest: String?
        var created: String
        var routing: String
        var editor: RoutingEditor
    }

    /// The routing form of one channel, open when it comes back with errors.
    struct RoutingEditor: Sendable {
        var categories: [SelectOption]
        var significances: [SelectOption]
        var competitors: [SelectOption]
        var tags: String
        var errors: [String]
        /// Open (and showing its errors) when the form came back refused.
        var open: Bool
        var hasCompetitors: Bool
    }

    struct Model: Sendable {
        var chrome: Chrome
        var channels: [Row]
        var empty: Bool
        var canAdminister: Bool
        var kinds: [SelectOption]
        var digests: [SelectOption]
        var name: String
        var url: String
        var errors: [String]
        var secret: String?
        var secretName: String?
    }

    /// What the create form asks for, checked as the API checks it.
    struct Draft: Sendable {
        var kind: AlertChannel.Kind?
        var name: String
        var url: String
        var digest: AlertChannel.DigestPeriod

        init(_ form: FormBody) {
            kind = form["kind"].flatMap(AlertChannel.Kind.init(rawValue:))
            name = form["name"] ?? ""
            url = (form["url"] ?? "").trimmingCharacters(in: .whitespaces)
            digest = form["digest"].flatMap(AlertChannel.DigestPeriod.init(rawValue:)) ?? .daily
        }

        var errors: [String] {
            var errors: [String] = []
            guard let kind else { return ["Choose a kind: webhook, Slack or e-mail digest."] }
            if !name.isEmpty, let problem = Validate.name(name, field: "name") { errors.append("Name \(problem.message).") }
            if kind == .email {
                if let problem = Validate.mailto(url, field: "url") { errors.append("The address \(problem.message).") }
            } else if let problem = Validate.webURL(url, field: "url") {
                errors.append("URL \(problem.message).")
            }
            return errors
        }
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/channels", use: show)
        router.post("/channels", use: create)
        router.post("/channels/:id/enable", use: { try await setEnabled($0, $1, true) })
        router.post("/channels/:id/disable", use: { try await setEnabled($0, $1, false) })
        router.post("/channels/:id/delete", use: delete)
        router.post("/channels/:id/routing", use: route)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.editCatalog)
        return try await page(request, signedIn: signedIn)
    }

    @Sendable func create(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let draft = Draft(context.fields)
        let errors = draft.errors
        guard errors.isEmpty, let kind = draft.kind else {
            return try await page(request, signedIn: signedIn, draft: draft, errors: errors, status: .unprocessableContent)
        }
        let now = kit.now
        let channel = AlertChannel(
            id: .generate(at: now), tenantID: signedIn.user.tenantID, kind: kind,
            name: draft.name.isEmpty ? "\(kind.rawValue) channel" : draft.name, url: draft.url,
            secret: Secrets.generate(prefix: "whsec_"), enabled: true, digest: kind == .email ? draft.digest : nil,
            createdAt: now, updatedAt: now)
        try await kit.store(signedIn).insertChannel(channel)
        // Only a webhook signs its requests, so only its secret is worth showing.
        return try await page(
            request, signedIn: signedIn, secret: kind == .webhook ? channel.secret : nil, secretName: channel.name,
            status: .created)
    }

    func setEnabled(_ request: Request, _ context: WebRequestContext, _ enabled: Bool) async throws -> Response {
        let signedIn = try context.require(.administer)
        let store = kit.store(signedIn)
        guard var channel = try await channel(context, store) else { throw WebError.notFound("This channel") }
        channel.enabled = enabled
        channel.updatedAt = kit.now
        guard try await store.updateChannel(channel) else { throw WebError.notFound("This channel") }
        return Redirect.to("/channels?notice=" + (enabled ? "channel-enabled" : "channel-disabled"))
    }

    @Sendable func delete(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let store = kit.store(signedIn)
        guard let channel = try await channel(context, store), try await store.deleteChannel(channel.id) else {
            throw WebError.notFound("This channel")
        }
        return Redirect.to("/channels?notice=channel-deleted")
    }

    /// Saves which changes a channel hears about.
    @Sendable func route(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.administer)
        let store = kit.store(signedIn)
        guard var channel = try await channel(context, store) else { throw WebError.notFound("This channel") }
        let names = try await CatalogNames.load(store)
        let form = RoutingForm(context.fields, competitors: Set(names.competitors.keys))
        guard form.errors.isEmpty else {
            return try await page(
                request, signedIn: signedIn, routing: (channel.id, form), status: .unprocessableContent)
        }
        channel.routing = form.rule
        channel.updatedAt = kit.now
        guard try await store.updateChannel(channel) else { throw WebError.notFound("This channel") }
        return Redirect.to("/channels?notice=routing-saved#channel-\(channel.id.rawValue)")
    }

    private func channel(_ context: WebRequestContext, _ store: any TenantStorage) async throws -> AlertChannel? {
        guard let text = context.parameters.get("id"), let id = AlertChannel.ID(text) else { return nil }
        return try await store.channel(id)
    }

    private func page(
        _ request: Request, signedIn: SignedIn, draft: Draft? = nil, errors: [String] = [], secret: String? = nil,
        secretName: String? = nil, routing refused: (AlertChannel.ID, RoutingForm)? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let store = kit.store(signedIn)
        let names = try await CatalogNames.load(store)
        let channels = try await store.channels(page: PageRequest(limit: Self.listLimit)).items.map { channel in
            let form = refused.flatMap { $0.0 == channel.id ? $0.1 : nil }
            return Row(
                id: channel.id.rawValue, kind: Self.label(channel.kind), name: channel.name, url: channel.url,
                enabled: channel.enabled, digest: channel.digest?.rawValue, created: TimeText.display(channel.createdAt),
                routing: RoutingForm.summary(channel.routing, names: names.competitors),
                editor: Self.editor(form?.rule ?? channel.routing, errors: form?.errors ?? [], names: names))
        }
        let kind = draft?.kind ?? .webhook
        let digest = draft?.digest ?? .daily
        let model = Model(
            chrome: try await kit.chrome(signedIn, title: "Channels", nav: .channels, request: request),
            channels: channels, empty: channels.isEmpty, canAdminister: signedIn.user.role.allows(.administer),
            kinds: AlertChannel.Kind.allCases.map { SelectOption(value: $0.rawValue, label: Self.label($0), selected: $0 == kind) },
            digests: AlertChannel.DigestPeriod.allCases.map {
                SelectOption(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == digest)
            },
            name: draft?.name ?? "", url: draft?.url ?? "", errors: errors, secret: secret, secretName: secretName)
        return try kit.page("channels", model, status: status)
    }

    static func editor(_ rule: RoutingRule, errors: [String], names: CatalogNames) -> RoutingEditor {
        RoutingEditor(
            categories: SelectOption.categories { rule.categories.contains($0) },
            significances: SelectOption.significances(selected: rule.minSignificance),
            competitors: SelectOption.competitors(names.sortedCompetitors) { rule.competitorIds.contains($0.rawValue) },
            tags: rule.tags.joined(separator: ", "), errors: errors, open: !errors.isEmpty,
            hasCompetitors: !names.sortedCompetitors.isEmpty)
    }

    static func label(_ kind: AlertChannel.Kind) -> String {
        switch kind {
        case .webhook: "Webhook"
        case .slack: "Slack"
        case .email: "E-mail digest"
        }
    }
}
