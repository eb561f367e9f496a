import Foundation
import HTTPTypes
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
@testable import SpyglassWeb
import Testing

@Suite("Channels and settings pages")
struct ChannelsSettingsTests {
    @Test("an owner adds a webhook (its secret shown once), disables, enables and deletes it")
    func channelLifecycle() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let empty = try await owner.get("/channels")
            #expect(empty.status == .ok)
            #expect(empty.contains(#"id="nav-channels""#))
            #expect(empty.contains(#"id="channel-form""#))
            #expect(empty.contains(#"id="channel-kind""#))
            #expect(empty.contains(#"id="channel-create""#))
            #expect(!empty.contains("channel-row"))

            let created = try await owner.post("/channels", [
                ("kind", "webhook"), ("name", "Ops <hook>"), ("url", "https://hooks.acme.example/spyglass"),
            ])
            #expect(created.status == .created)
            #expect(created.contains(#"id="channel-secret" type="text" value="whsec_"#))
            #expect(created.contains(#"class="channel-row""#))
            #expect(created.contains("Ops &lt;hook&gt;"))
            #expect(!created.contains("Ops <hook>"))
            // The secret is not shown again.
            #expect(!(try await owner.get("/channels")).contains("whsec_"))

            let tenant = try #require(await harness.storage.firstTenant())
            let store = harness.storage.scoped(to: tenant.id)
            let channel = try #require(try await store.channels(page: .init()).items.first)
            #expect(channel.kind == .webhook && channel.enabled && channel.url == "https://hooks.acme.example/spyglass")

            let disabled = try await owner.post("/channels/\(channel.id.rawValue)/disable")
            #expect(disabled.status == .seeOther)
            #expect(try await store.channel(channel.id)?.enabled == false)
            #expect((try await owner.get("/channels")).contains("channel-enable-\(channel.id.rawValue)"))
            try await owner.post("/channels/\(channel.id.rawValue)/enable")
            #expect(try await store.channel(channel.id)?.enabled == true)

            let deleted = try await owner.post("/channels/\(channel.id.rawValue)/delete")
            #expect(deleted.location == "/channels?notice=channel-deleted")
            #expect(try await store.channel(channel.id) == nil)
            #expect(try await owner.post("/channels/\(channel.id.rawValue)/delete").status == .notFound)
            #expect(try await owner.post("/channels/not-an-id/enable").status == .notFound)
        }
    }

    @Test("an admin sets which changes a channel hears about; nonsense and other workspaces' competitors are refused")
    func routingRules() async throws {
        let harness = try await WebHarness()
        try await harness.runAsOwner { owner, store, _ in
            let rival = try await Seed(store: store).competitor("Rival <b>Inc</b>")
            let other = try await TenantProvisioning(storage: harness.storage).createTenant(name: "Globex").tenant.id
            let theirs = try await Seed(store: harness.storage.scoped(to: other)).competitor("Theirs")
            try await owner.get("/channels")
            try await owner.post("/channels", [("kind", "slack"), ("name", "Pricing"), ("url", "https://hooks.acme.example/s")])
            let channel = try #require(try await store.channels(page: .init()).items.first)
            let id = channel.id.rawValue
            let page = try await owner.get("/channels")
            #expect(page.contains(#"id="routing-form-\#(id)""#))
            #expect(page.contains(#"<td class="channel-routing">Everything</td>"#))
            #expect(page.contains("Rival &lt;b&gt;Inc&lt;/b&gt;"))

            let saved = try await owner.post("/channels/\(id)/routing", [
                ("category", "pricing"), ("category", "product"), ("min_significance", "50"),
                ("competitor", rival.id.rawValue), ("tags", " enterprise, , smb "),
            ])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/channels?notice=routing-saved#channel-\(id)")
            let rule = try #require(try await store.channel(channel.id)?.routing)
            #expect(rule == RoutingRule(
                categories: ["pricing", "product"], minSignificance: 50, competitorIds: [rival.id.rawValue],
                tags: ["enterprise", "smb"]))
            let shown = try await owner.get("/channels")
            #expect(shown.contains("Pricing, Product · significance 50+ · Rival &lt;b&gt;Inc&lt;/b&gt; · tagged enterprise or smb"))
            #expect(shown.contains(#"name="category" value="pricing" checked"#))
            #expect(shown.contains(#"<option value="50" selected>"#))

            for fields in [
                [("category", "gossip")], [("min_significance", "101")], [("min_significance", "lots")],
                [("competitor", theirs.id.rawValue)], [("competitor", "cmp_nope")],
                [("tags", String(repeating: "x", count: 51))],
                [("tags", (1...21).map { "t\($0)" }.joined(separator: ","))],
            ] as [[(String, String)]] {
                let refused = try await owner.post("/channels/\(id)/routing", fields)
                #expect(refused.status == .unprocessableContent, "\(fields)")
                #expect(refused.contains(#"<details class="routing-editor" id="routing-\#(id)" open>"#))
                #expect(try await store.channel(channel.id)?.routing == rule, "a refused form changes nothing")
            }
            // Everything unchecked: back to everything.
            try await owner.post("/channels/\(id)/routing", [("min_significance", "0")])
            #expect(try await store.channel(channel.id)?.routing == .everything)
            #expect(try await owner.post("/channels/chn_missing/routing", []).status == .notFound)
        }
    }

    @Test("an e-mail digest channel takes mailto: addresses; bad input is refused with the reasons")
    func channelValidation() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            try await owner.get("/channels")
            let digest = try await owner.post("/channels", [
                ("kind", "email"), ("name", "Weekly"), ("url", "mailto:pm@acme.example,ceo@acme.example"),
                ("digest", "weekly"),
            ])
            #expect(digest.status == .created)
            #expect(!digest.contains("channel-secret"))
            for fields in [
                [("kind", "email"), ("url", "mailto:someone")],
                [("kind", "email"), ("url", "mailto:a@b.example\r\nBcc: x@evil.example")],
                [("kind", "webhook"), ("url", "javascript:alert(1)")],
                [("kind", "slack"), ("url", "")],
                [("kind", "pigeon"), ("url", "https://hooks.acme.example")],
                [("url", "https://hooks.acme.example")],
            ] as [[(String, String)]] {
                let refused = try await owner.post("/channels", fields)
                #expect(refused.status == .unprocessableContent, "\(fields)")
                #expect(refused.contains(#"id="form-errors""#))
            }
        }
        let tenant = try #require(await harness.storage.firstTenant())
        let channels = try await harness.storage.scoped(to: tenant.id).channels(page: .init()).items
        #expect(channels.map(\.kind) == [.email])
        #expect(channels.first?.digest == .weekly)
        #expect(channels.first?.emailAddresses == ["pm@acme.example", "ceo@acme.example"])
    }

    @Test("a member sees the channels but cannot change them; a viewer cannot see them; settings are for admins")
    func roles() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            try await owner.get("/channels")
            try await owner.post("/channels", [("kind", "slack"), ("url", "https://hooks.slack.example/T0/B0")])
            let tenant = try #require(await harness.storage.firstTenant())
            let store = harness.storage.scoped(to: tenant.id)
            let channel = try #require(try await store.channels(page: .init()).items.first)

            let member = owner.fresh()
            try await member.accept(try await owner.invite("member@acme.example", role: .member))
            let list = try await member.get("/channels")
            #expect(list.status == .ok)
            #expect(list.contains(#"class="channel-row""#))
            #expect(!list.contains("channel-form"))
            #expect(!list.contains("channel-delete"))
            #expect(!list.contains("routing-form"))
            #expect(!list.contains(#"id="nav-settings""#))
            for path in ["/channels", "/channels/\(channel.id.rawValue)/delete", "/channels/\(channel.id.rawValue)/disable",
                         "/channels/\(channel.id.rawValue)/routing", "/settings/workspace", "/settings/password"] {
                let forged = try await member.post(path, [
                    ("kind", "webhook"), ("url", "https://evil.example"), ("workspace", "Owned"),
                ])
                #expect(forged.status == .forbidden, "\(path)")
            }
            #expect(try await member.get("/settings").status == .forbidden)

            let viewer = owner.fresh()
            try await viewer.accept(try await owner.invite("viewer@acme.example", role: .viewer))
            #expect(try await viewer.get("/channels").status == .forbidden)
            #expect(!(try await viewer.get("/")).contains(#"id="nav-channels""#))
            #expect(try await viewer.post("/channels", [("kind", "webhook"), ("url", "https://evil.example")]).status
                    == .forbidden)

            #expect(try await store.channels(page: .init()).items.map(\.enabled) == [true])
            #expect(try await store.workspace()?.name == "Acme Intel")
        }
    }

    @Test("a form posted without its CSRF token is refused")
    func csrf() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            try await owner.get("/settings")
            for (path, fields) in [
                ("/channels", [("kind", "webhook"), ("url", "https://hooks.acme.example")]),
                ("/settings/workspace", [("workspace", "Forged")]),
                ("/settings/password", [("current_password", WebHarness.password), ("password", "a new long password"),
                                        ("password_confirm", "a new long password")]),
            ] as [(String, [(String, String)])] {
                #expect(try await owner.post(path, fields, csrf: .some(nil)).status == .forbidden, "\(path)")
                #expect(try await owner.post(path, fields, csrf: "forged-token").status == .forbidden, "\(path)")
            }
        }
        let tenant = try #require(await harness.storage.firstTenant())
        #expect(try await harness.storage.scoped(to: tenant.id).channels(page: .init()).items.isEmpty)
        #expect(try await harness.storage.scoped(to: tenant.id).workspace()?.name == "Acme Intel")
    }

    @Test("an owner renames the workspace, sees the account, and changes the password (the new one signs in)")
    func settings() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let page = try await owner.get("/settings")
            #expect(page.status == .ok)
            #expect(page.contains(#"id="settings-form""#))
            #expect(page.contains(#"id="workspace-name""#))
            #expect(page.contains(#"id="password-form""#))
            #expect(page.contains(WebHarness.ownerEmail))
            #expect(page.contains(#"id="account-role">owner<"#))

            let renamed = try await owner.post("/settings/workspace", [("workspace", "Rival <Watch>")])
            #expect(renamed.location == "/settings?notice=workspace-renamed")
            let after = try await owner.get("/settings")
            #expect(after.contains("Rival &lt;Watch&gt;"))
            #expect(try await owner.post("/settings/workspace", [("workspace", "")]).status == .unprocessableContent)

            let wrong = try await owner.post("/settings/password", [
                ("current_password", "not my password"), ("password", "a new long password"),
                ("password_confirm", "a new long password"),
            ])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.contains("current password is not right"))
            let mismatch = try await owner.post("/settings/password", [
                ("current_password", WebHarness.password), ("password", "a new long password"),
                ("password_confirm", "another long password"),
            ])
            #expect(mismatch.status == .unprocessableContent)
            let changed = try await owner.post("/settings/password", [
                ("current_password", WebHarness.password), ("password", "a new long password"),
                ("password_confirm", "a new long password"),
            ])
            #expect(changed.location == "/settings?notice=password-changed")
        }
        let tenant = try #require(await harness.storage.firstTenant())
        let store = harness.storage.scoped(to: tenant.id)
        #expect(try await store.workspace()?.name == "Rival <Watch>")
        let user = try #require(try await harness.storage.user(email: WebHarness.ownerEmail))
        #expect(await WebHarness.testPasswords.verify("a new long password", against: user.passwordHash))
        #expect(!(await WebHarness.testPasswords.verify(WebHarness.password, against: user.passwordHash)))
    }
}
