import Foundation
@testable import SpyglassWeb
import Testing

@Suite("Forms and redirects")
struct FormBodyTests {
    @Test("url-encoded fields decode, with + as space and escapes; malformed escapes stay as sent")
    func parse() {
        let form = FormBody.parse("name=Acme+Corp&website=https%3A%2F%2Facme.example&bad=%ZZ%&flag&empty=&name=second")
        #expect(form["name"] == "Acme Corp")
        #expect(form["website"] == "https://acme.example")
        #expect(form["bad"] == "%ZZ%")
        #expect(form["flag"] == nil)
        #expect(form["empty"] == nil)
        #expect(form.raw("empty") == "")
        #expect(form["missing"] == nil)
    }

    @Test("passwords keep their spaces; other fields are trimmed")
    func raw() {
        let form = FormBody.parse("password=+secret+&name=+Acme+")
        #expect(form.raw("password") == " secret ")
        #expect(form["name"] == "Acme")
    }

    @Test("very long values are cut, not kept whole")
    func bounded() {
        let form = FormBody.parse("a=" + String(repeating: "x", count: 50_000))
        #expect(form.raw("a")?.count == FormBody.maximumValueLength)
    }

    @Test("next= is a path on this site or nothing", arguments: [
        ("/competitors", "/competitors"), ("/changes/chg_1?x=1", "/changes/chg_1?x=1"), ("//evil.example", nil),
        ("https://evil.example", nil), ("/\\evil.example", nil), ("javascript:alert(1)", nil), ("", nil),
        ("/a b", nil), ("/\u{0}", nil),
    ] as [(String, String?)])
    func localPath(input: String, expected: String?) {
        #expect(Redirect.localPath(input) == expected)
    }

    @Test("e-mail addresses are normalised and checked loosely", arguments: [
        (" Ann@Example.COM ", "ann@example.com"), ("ann@example", nil), ("@example.com", nil), ("ann", nil),
        ("a@b@example.com", nil), ("ann@.example.com", nil), ("ann <x>@example.com", nil),
    ] as [(String, String?)])
    func email(input: String, expected: String?) {
        #expect(FormRules.email(input) == expected)
    }

    @Test("passwords: at least 10 characters, confirmed")
    func passwords() {
        #expect(FormRules.passwordProblem("short", confirmation: "short") != nil)
        #expect(FormRules.passwordProblem(nil, confirmation: nil) != nil)
        #expect(FormRules.passwordProblem("long enough!", confirmation: "long enough?") != nil)
        #expect(FormRules.passwordProblem("long enough!", confirmation: "long enough!") == nil)
        #expect(FormRules.passwordProblem(String(repeating: "x", count: 2_000), confirmation: nil) != nil)
    }

    @Test("links from outside data exist only for http(s)", arguments: [
        ("https://acme.example/pricing", true), ("http://acme.example", true), ("javascript:alert(1)", false),
        ("JavaScript:alert(1)", false), ("data:text/html,<script>", false), ("//acme.example", false),
        ("https://user:pw@acme.example", false), ("", false), (" javascript:alert(1)", false),
    ])
    func safeLinks(url: String, linked: Bool) {
        #expect((SafeLink.href(url) != nil) == linked)
    }

    @Test("random tokens are 43 URL-safe characters and checked before use")
    func tokens() {
        let token = RandomToken.make()
        #expect(RandomToken.isWellFormed(token))
        #expect(token != RandomToken.make())
        #expect(!RandomToken.isWellFormed(token + "x"))
        #expect(!RandomToken.isWellFormed(String(token.dropLast()) + "/"))
        #expect(!RandomToken.isWellFormed(""))
        #expect(RandomToken.equal(token, token))
        #expect(!RandomToken.equal(token, String(token.reversed())))
    }
}
