import Hummingbird
import Logging

/// The dashboard's router: server-rendered pages under their own request context.
public enum SpyglassWeb {
    /// Loads the templates and assets from the bundle and builds every route.
    public static func buildRouter(_ dependencies: WebDependencies) async throws -> Router<WebRequestContext> {
        let assets = try StaticAssets.load()
        let renderer = try await PageRenderer.load(assets: assets)
        let sessions = Sessions(storage: dependencies.storage, clock: dependencies.clock, settings: dependencies.settings)
        let kit = PageKit(dependencies: dependencies, renderer: renderer, sessions: sessions)

        let router = Router(context: WebRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(sessions: sessions))
        router.add(middleware: ErrorPageMiddleware(kit: kit))
        router.add(middleware: CSRFMiddleware())

        router.get("/assets/:name") { _, context in
            guard let name = context.parameters.get("name"), let response = assets.response(for: name) else {
                throw WebError.notFound("This file")
            }
            return response
        }
        SetupPage(kit: kit).register(router)
        SignInPages(kit: kit).register(router)
        InvitePage(kit: kit).register(router)
        OverviewPage(kit: kit).register(router)
        LiveFeedStream(kit: kit).register(router)
        CompetitorsPages(kit: kit).register(router)
        MonitorPages(kit: kit).register(router)
        ChangePage(kit: kit).register(router)
        FeedbackForm(kit: kit).register(router)
        EffectivenessPage(kit: kit).register(router)
        TeamPage(kit: kit).register(router)
        JobsPage(kit: kit).register(router)
        APIKeysPage(kit: kit).register(router)
        ChannelsPage(kit: kit).register(router)
        SettingsPage(kit: kit).register(router)
        return router
    }
}
