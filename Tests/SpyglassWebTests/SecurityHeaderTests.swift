import Foundation
import HTTPTypes
@testable import SpyglassWeb
import Testing

@Suite("Security headers")
struct SecurityHeaderTests {
    static let policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    static func header(_ page: Browser.Page, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { page.headers[$0] }
    }

    static func expectHeaders(_ page: Browser.Page, _ path: String) {
        #expect(header(page, "Content-Security-Policy") == policy, "\(path)")
        #expect(header(page, "X-Content-Type-Options") == "nosniff", "\(path)")
        #expect(header(page, "Referrer-Policy") == "same-origin", "\(path)")
        #expect(header(page, "X-Frame-Options") == "DENY", "\(path)")
    }

    @Test("every page, redirect, error and asset carries the security headers")
    func everywhere() async throws {
        let harness = try await WebHarness()
        try await harness.run { browser in
            for path in ["/", "/setup", "/signin", "/assets/app.css", "/nothing"] {
                Self.expectHeaders(try await browser.get(path), path)
            }
            Self.expectHeaders(try await browser.post("/setup", [], csrf: .some(nil)), "POST /setup without a token")
            try await browser.setUpOwner()
            for path in ["/", "/competitors", "/team", "/monitors/new", "/changes/chg_x", "/invite/x"] {
                let page = try await browser.get(path)
                Self.expectHeaders(page, path)
                if page.headers[.contentType]?.hasPrefix("text/html") == true {
                    #expect(page.headers[.cacheControl] == "no-store", "\(path)")
                    HostileContentTests.expectInert(page.html)
                }
            }
        }
    }
}
