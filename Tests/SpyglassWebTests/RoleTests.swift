import Foundation
import HTTPTypes
import SpyglassDomain
import SpyglassEmbedded
import SpyglassPipeline
import SpyglassPorts
@testable import SpyglassWeb
import Testing

@Suite("Roles and the team")
struct RoleTests {
    @Test("an invited viewer reads everything, sees no forms to change anything, and a forged POST is refused")
    func viewer() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            try await owner.get("/competitors")
            let created = try await owner.post("/competitors", [("name", "Rival"), ("website", "https://rival.example")])
            let competitorPath = try #require(created.location?.split(separator: "?").first.map(String.init))
            let link = try await owner.invite("viewer@acme.example", role: .viewer)

            let viewer = owner.fresh()
            try await viewer.accept(link)
            let overview = try await viewer.get("/")
            #expect(overview.status == .ok)
            #expect(overview.contains(#"id="current-role">viewer<"#))
            let list = try await viewer.get("/competitors")
            #expect(list.contains("Rival"))
            #expect(!list.contains("competitor-form"))
            let page = try await viewer.get(competitorPath)
            #expect(page.status == .ok)
            #expect(!page.contains("add-monitor"))
            #expect(!page.contains("delete-competitor"))
            let team = try await viewer.get("/team")
            #expect(!team.contains("invite-form"))

            // The server refuses what the UI hides, even with a valid CSRF token.
            for (path, fields) in [
                ("/competitors", [("name", "Forged")]),
                (competitorPath + "/delete", []),
                ("/team/invites", [("email", "x@acme.example"), ("role", "owner")]),
                ("/monitors", [("competitor_id", String(competitorPath.dropFirst(13))), ("url", "https://rival.example"),
                               ("kind", "html"), ("interval_minutes", "60"), ("action", "save")]),
            ] as [(String, [(String, String)])] {
                let forged = try await viewer.post(path, fields)
                #expect(forged.status == .forbidden, "\(path)")
                #expect(forged.contains("Not allowed"))
            }
            #expect(try await viewer.get("/monitors/new").status == .forbidden)
        }
        let tenant = try #require(await harness.storage.firstTenant())
        let store = harness.storage.scoped(to: tenant.id)
        #expect(try await store.competitors(page: .init()).items.map(\.name) == ["Rival"])
        #expect(try await store.openInvites().isEmpty)
    }

    @Test("a member edits competitors but cannot manage the team")
    func member() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let member = owner.fresh()
            try await member.accept(try await owner.invite("member@acme.example", role: .member))
            try await member.get("/competitors")
            #expect(try await member.post("/competitors", [("name", "Added by a member")]).status == .seeOther)
            try await member.get("/team")
            #expect(try await member.post("/team/invites", [("email", "y@acme.example"), ("role", "viewer")]).status == .forbidden)
        }
    }

    @Test("admins manage the team but cannot make owners; the last owner stays")
    func admin() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let admin = owner.fresh()
            try await admin.accept(try await owner.invite("admin@acme.example", role: .admin))
            let tenant = try #require(await harness.storage.firstTenant())
            let store = harness.storage.scoped(to: tenant.id)
            let ownerUser = try #require(try await harness.storage.user(email: WebHarness.ownerEmail))

            try await admin.get("/team")
            let ownerInvite = try await admin.post("/team/invites", [("email", "o2@acme.example"), ("role", "owner")])
            #expect(ownerInvite.status == .unprocessableContent)
            #expect(ownerInvite.contains("Only an owner can invite an owner."))

            let viewerLink = try await admin.invite("v@acme.example", role: .viewer)
            let viewer = owner.fresh()
            try await viewer.accept(viewerLink)
            let viewerUser = try #require(try await harness.storage.user(email: "v@acme.example"))
            try await admin.get("/team")
            #expect(try await admin.post("/team/users/\(viewerUser.id)/role", [("role", "member")]).status == .seeOther)
            #expect(try await store.user(viewerUser.id)?.role == .member)
            #expect(try await admin.post("/team/users/\(viewerUser.id)/role", [("role", "owner")]).status == .forbidden)
            #expect(try await admin.post("/team/users/\(ownerUser.id)/role", [("role", "viewer")]).status == .forbidden)
            #expect(try await admin.post("/team/users/\(ownerUser.id)/remove").status == .forbidden)

            // The owner cannot leave the workspace without an owner.
            try await owner.get("/team")
            let demote = try await owner.post("/team/users/\(ownerUser.id)/role", [("role", "admin")])
            #expect(demote.status == .conflict)
            #expect(try await store.user(ownerUser.id)?.role == .owner)

            // Removed: the person and their session are gone.
            #expect(try await admin.post("/team/users/\(viewerUser.id)/remove").status == .seeOther)
            #expect(try await store.user(viewerUser.id) == nil)
            #expect(try await viewer.get("/").status == .seeOther)
        }
    }

    @Test("an invitation link works once; a used, revoked or made-up one is refused")
    func invitationLinks() async throws {
        let harness = try await WebHarness()
        try await harness.run { owner in
            try await owner.setUpOwner()
            let link = try await owner.invite("once@acme.example", role: .member)
            try await owner.fresh().accept(link)
            let reuse = try await owner.fresh().get(link)
            #expect(reuse.status == .notFound)
            #expect(try await owner.fresh().get("/invite/" + RandomToken.make()).status == .notFound)
            #expect(try await owner.fresh().get("/invite/not-a-token").status == .notFound)

            let revoked = try await owner.invite("gone@acme.example", role: .member)
            let tenant = try #require(await harness.storage.firstTenant())
            let pending = try #require(try await harness.storage.scoped(to: tenant.id).openInvites().first)
            try await owner.get("/team")
            #expect(try await owner.post("/team/invites/\(pending.id)/revoke").status == .seeOther)
            #expect(try await owner.fresh().get(revoked).status == .notFound)

            let taken = try await owner.post("/team/invites", [("email", WebHarness.ownerEmail), ("role", "member")])
            #expect(taken.contains("has an account already"))
        }
    }
}
