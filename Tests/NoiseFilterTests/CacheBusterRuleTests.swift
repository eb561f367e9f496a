@testable import NoiseFilter
import Testing

@Suite("Built-in rule: cache busters and asset hashes")
struct CacheBusterRuleTests {
    @Test("cache-busting queries and fingerprinted assets are noise", arguments: [
        LinePair("https://cdn.acme.com/app.js?v=123", "https://cdn.acme.com/app.js?v=124"),
        LinePair("/static/style.css?ver=1.2.3", "/static/style.css?ver=1.2.4"),
        LinePair("/api/poll?_=1699999999", "/api/poll?_=1700000000"),
        LinePair("/theme.css?lang=en&v=20261125", "/theme.css?lang=en&v=20261126"),
        LinePair("<script src=/app.3f2a9c1d.js>", "<script src=/app.7b8e0f12.js>"),
        LinePair("/assets/main-8f7e6d5c.css", "/assets/main-1a2b3c4d.css"),
        LinePair("/assets/index-BvX7a1c9.js", "/assets/index-Qm3Zp8Lk.js"),
        LinePair("/static/js/main.8f7e6d5c.chunk.js", "/static/js/main.1a2b3c4d.chunk.js"),
    ])
    func cacheBustersAreNoise(pair: LinePair) {
        expectNoise(pair, rule: .cacheBuster)
    }

    @Test("version numbers and content URLs are changes", arguments: [
        LinePair("v2.3.1 released", "v2.3.2 released"),
        LinePair("Version 2.3.1 is out", "Version 2.4.0 is out"),
        LinePair("/js/jquery-3.7.1.min.js", "/js/jquery-3.7.2.min.js"),
        LinePair("https://youtube.com/watch?v=dQw4w9WgXcQ", "https://youtube.com/watch?v=9bZkp7q19f0"),
        LinePair("/img/logo.png", "/img/logo-new.png"),
        LinePair("What's new? v=2", "What's new? v=3"),
        LinePair("/img/hero-Screenshot2026.png", "/img/hero-Screenshot2027.png"),
    ])
    func realChanges(pair: LinePair) {
        expectChange(pair)
    }

    @Test("only the hash is masked")
    func hashOnly() {
        #expect(masked("/assets/main-8f7e6d5c.css") == "/assets/main-⟦hash⟧.css")
        #expect(masked("/app.js?v=123&lang=en") == "/app.js?v=⟦hash⟧&lang=en")
    }
}
