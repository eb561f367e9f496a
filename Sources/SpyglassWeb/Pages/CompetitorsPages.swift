import Foundation
import Hummingbird
import SpyglassDomain
import SpyglassPorts

/// `/competitors`: the list and the form to add one; `/competitors/<id>`: its
/// monitors with their status, its recent changes by category, and its charts.
struct CompetitorsPages {
    let kit: PageKit

    struct ListModel: Sendable {
        var chrome: Chrome
        var competitors: [CompetitorRow]
        var empty: Bool
        var name: String
        var website: String
        var tags: String
        var errors: [String]
    }

    struct CompetitorRow: Sendable {
        var id: String
        var href: String
        var name: String
        var website: String
        var websiteHref: String?
        var tags: String
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/competitors", use: list)
        router.post("/competitors", use: create)
        router.get("/competitors/:id", use: show)
        router.post("/competitors/:id/delete", use: delete)
    }

    @Sendable func list(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        return try await listPage(request, signedIn: signedIn, name: "", website: "", tags: "", errors: [])
    }

    @Sendable func create(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.editCatalog)
        let form = context.fields
        let name = form["name"] ?? ""
        let website = form["website"]
        let tags = Self.tags(form["tags"])
        var errors: [String] = []
        if let problem = Validate.name(name, field: "name") { errors.append("Name \(problem.message).") }
        if let website, let problem = Validate.webURL(website, field: "website") {
            errors.append("Website \(problem.message).")
        }
        if let problem = Validate.tags(tags, field: "tags") { errors.append("Tags: \(problem.message).") }
        guard errors.isEmpty else {
            return try await listPage(request, signedIn: signedIn, name: name, website: website ?? "",
                                      tags: form["tags"] ?? "", errors: errors, status: .unprocessableContent)
        }
        let now = kit.now
        let competitor = Competitor(
            id: .generate(at: now), tenantID: signedIn.user.tenantID, name: name, website: website, tags: tags,
            createdAt: now, updatedAt: now)
        try await kit.store(signedIn).insertCompetitor(competitor)
        return Redirect.to("/competitors/\(competitor.id.rawValue)?notice=competitor-created")
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.read)
        let store = kit.store(signedIn)
        let id = try Self.competitorID(context)
        guard let competitor = try await store.competitor(id) else { throw WebError.notFound("This competitor") }
        let model = try await CompetitorModel.load(
            competitor, store: store, now: kit.now,
            chrome: try await kit.chrome(signedIn, title: competitor.name, nav: .competitors, request: request))
        return try kit.page("competitor", model)
    }

    @Sendable func delete(_ request: Request, context: WebRequestContext) async throws -> Response {
        let signedIn = try context.require(.editCatalog)
        let id = try Self.competitorID(context)
        guard try await kit.store(signedIn).deleteCompetitor(id) else { throw WebError.notFound("This competitor") }
        return Redirect.to("/competitors?notice=competitor-deleted")
    }

    static func competitorID(_ context: WebRequestContext) throws(WebError) -> Competitor.ID {
        guard let text = context.parameters.get("id"), let id = Competitor.ID(text) else {
            throw WebError.notFound("This competitor")
        }
        return id
    }

    /// "saas, enterprise" → ["saas", "enterprise"].
    static func tags(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func listPage(
        _ request: Request, signedIn: SignedIn, name: String, website: String, tags: String, errors: [String],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let names = try await CatalogNames.load(kit.store(signedIn))
        let rows = names.sortedCompetitors.map {
            CompetitorRow(
                id: $0.id.rawValue, href: "/competitors/\($0.id.rawValue)", name: $0.name, website: $0.website ?? "",
                websiteHref: SafeLink.href($0.website), tags: $0.tags.joined(separator: ", "))
        }
        let model = ListModel(
            chrome: try await kit.chrome(signedIn, title: "Competitors", nav: .competitors, request: request),
            competitors: rows, empty: rows.isEmpty, name: name, website: website, tags: tags, errors: errors)
        return try kit.page("competitors", model, status: status)
    }
}
