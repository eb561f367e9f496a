import Foundation
import SpyglassDomain
import SpyglassPorts
import Testing

/// The dashboard's people: users, sessions, invitations and API keys, and the
/// lookups made before a tenant is known.
extension StorageContractTests {
    static func person(
        _ tenant: Tenant.ID, _ email: String, role: WorkspaceRole = .member, at now: Date
    ) -> User {
        User(id: .generate(at: now), tenantID: tenant, email: email, passwordHash: "pbkdf2-sha256$1000$c2FsdA==$aGFzaA==",
             role: role, createdAt: now)
    }

    @Test("the first user is inserted once; the setup lookups see the whole instance", arguments: AdapterSet.all)
    func firstUser(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        #expect(try await storage.userCount() == 0)
        #expect(try await storage.firstTenant() == nil)
        let acme = try await Fixtures.tenant(storage, name: "Acme")
        clock.advance(by: 1)
        let globex = try await Fixtures.tenant(storage, name: "Globex")
        #expect(try await storage.firstTenant()?.id == acme.id)

        let owner = Self.person(acme.id, "owner@acme.example", role: .owner, at: clock.now())
        #expect(try await storage.insertFirstUser(owner))
        #expect(try await !storage.insertFirstUser(Self.person(globex.id, "late@globex.example", role: .owner, at: clock.now())))
        #expect(try await storage.userCount() == 1)
        #expect(try await storage.user(email: "owner@acme.example") == owner)
        #expect(try await storage.user(email: "late@globex.example") == nil)
        #expect(try await storage.scoped(to: acme.id).users() == [owner])
        #expect(try await storage.scoped(to: globex.id).users().isEmpty)
    }

    @Test("an e-mail address is one person on the whole instance", arguments: AdapterSet.all)
    func emailIsUnique(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let acme = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        let ann = Self.person(acme.tenantID, "ann@example.com", at: clock.now())
        try await acme.insertUser(ann)
        await #expect(throws: StorageError.self) {
            try await globex.insertUser(Self.person(globex.tenantID, "ann@example.com", at: clock.now()))
        }
        #expect(try await storage.user(email: "ann@example.com")?.tenantID == acme.tenantID)
        // A record naming another workspace is refused.
        await #expect(throws: StorageError.self) {
            try await globex.insertUser(Self.person(acme.tenantID, "bob@example.com", at: clock.now()))
        }
    }

    @Test("roles change and people leave only within their own workspace", arguments: AdapterSet.all)
    func rolesAndRemoval(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let acme = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        let ann = Self.person(acme.tenantID, "ann@example.com", role: .viewer, at: clock.now())
        try await acme.insertUser(ann)
        #expect(try await !globex.updateUserRole(ann.id, role: .owner))
        #expect(try await !globex.deleteUser(ann.id))
        #expect(try await globex.user(ann.id) == nil)
        #expect(try await acme.updateUserRole(ann.id, role: .admin))
        #expect(try await acme.user(ann.id)?.role == .admin)

        let session = WebSession(
            id: String(repeating: "a", count: 64), userID: ann.id, tenantID: acme.tenantID, csrfToken: "token",
            createdAt: clock.now(), expiresAt: clock.now().addingTimeInterval(3_600))
        try await acme.insertSession(session)
        #expect(try await acme.deleteUser(ann.id))
        #expect(try await acme.user(ann.id) == nil)
        // Their sessions go with them.
        #expect(try await storage.session(id: session.id) == nil)
    }

    @Test("sessions are found by the hash of their secret, revoked once, and only by their workspace", arguments: AdapterSet.all)
    func sessions(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let acme = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        let ann = Self.person(acme.tenantID, "ann@example.com", at: clock.now())
        let bob = Self.person(globex.tenantID, "bob@example.com", at: clock.now())
        try await acme.insertUser(ann)
        try await globex.insertUser(bob)
        let session = WebSession(
            id: String(repeating: "b", count: 64), userID: ann.id, tenantID: acme.tenantID, csrfToken: "csrf-1",
            createdAt: clock.now(), expiresAt: clock.now().addingTimeInterval(3_600))
        try await acme.insertSession(session)
        #expect(try await storage.session(id: session.id) == session)
        #expect(try await storage.session(id: String(repeating: "c", count: 64)) == nil)

        // A session can never tie a person to another workspace.
        await #expect(throws: StorageError.self) {
            try await globex.insertSession(WebSession(
                id: String(repeating: "d", count: 64), userID: ann.id, tenantID: globex.tenantID, csrfToken: "x",
                createdAt: clock.now(), expiresAt: clock.now().addingTimeInterval(60)))
        }

        #expect(try await !globex.revokeSession(id: session.id, at: clock.now()))
        #expect(try await storage.session(id: session.id)?.revokedAt == nil)
        clock.advance(by: 5)
        #expect(try await acme.revokeSession(id: session.id, at: clock.now()))
        #expect(try await !acme.revokeSession(id: session.id, at: clock.now()))
        let revoked = try #require(try await storage.session(id: session.id))
        #expect(revoked.revokedAt == clock.now())
        #expect(!revoked.isActive(at: clock.now()))
    }

    @Test("an invitation is accepted once, before it expires, creating its person", arguments: AdapterSet.all)
    func invitations(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let acme = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        let now = clock.now()
        let invite = Invite(
            id: .generate(at: now), tenantID: acme.tenantID, email: "cat@example.com", role: .viewer,
            tokenHash: String(repeating: "e", count: 64), createdAt: now, expiresAt: now.addingTimeInterval(600))
        try await acme.insertInvite(invite)
        #expect(try await storage.invite(tokenHash: invite.tokenHash) == invite)
        #expect(try await acme.openInvites() == [invite])
        #expect(try await globex.openInvites().isEmpty)
        #expect(try await !globex.deleteInvite(invite.id))

        let cat = Self.person(acme.tenantID, "cat@example.com", role: .viewer, at: now)
        #expect(try await !globex.acceptInvite(invite.id, user: Self.person(globex.tenantID, "cat@example.com", at: now), at: now))
        #expect(try await acme.acceptInvite(invite.id, user: cat, at: now))
        #expect(try await !acme.acceptInvite(invite.id, user: Self.person(acme.tenantID, "dan@example.com", at: now), at: now))
        #expect(try await acme.user(cat.id) == cat)
        #expect(try await acme.openInvites().isEmpty)
        #expect(try await storage.invite(tokenHash: invite.tokenHash)?.acceptedAt == now)

        // Expired: nothing happens.
        let late = Invite(
            id: .generate(at: now), tenantID: acme.tenantID, email: "eve@example.com", role: .member,
            tokenHash: String(repeating: "f", count: 64), createdAt: now, expiresAt: now.addingTimeInterval(60))
        try await acme.insertInvite(late)
        clock.advance(by: 61)
        #expect(try await !acme.acceptInvite(late.id, user: Self.person(acme.tenantID, "eve@example.com", at: now), at: clock.now()))
        #expect(try await storage.user(email: "eve@example.com") == nil)

        // An address that is taken: a conflict, and the invitation stays open.
        let taken = Invite(
            id: .generate(at: clock.now()), tenantID: acme.tenantID, email: "cat@example.com", role: .member,
            tokenHash: String(repeating: "0", count: 64), createdAt: clock.now(),
            expiresAt: clock.now().addingTimeInterval(600))
        try await acme.insertInvite(taken)
        await #expect(throws: StorageError.self) {
            try await acme.acceptInvite(taken.id, user: Self.person(acme.tenantID, "cat@example.com", at: clock.now()), at: clock.now())
        }
        #expect(try await storage.invite(tokenHash: taken.tokenHash)?.acceptedAt == nil)
        #expect(try await acme.deleteInvite(taken.id))
        #expect(try await storage.invite(tokenHash: taken.tokenHash) == nil)
    }

    @Test("API keys are made, listed and revoked per workspace, with any role", arguments: AdapterSet.all)
    func apiKeyLifecycle(adapters: AdapterSet) async throws {
        let clock = ManualClock()
        let storage = try await adapters.make(clock).storage
        let acme = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        let globex = storage.scoped(to: try await Fixtures.tenant(storage, name: "Globex").id)
        clock.advance(by: 1)
        let key = APIKey(
            id: .generate(at: clock.now()), tenantID: acme.tenantID, name: "dashboard reader", role: .viewer,
            displayPrefix: "sg_abc123", secretHash: String(repeating: "9", count: 64), createdAt: clock.now())
        try await acme.insertAPIKey(key)
        #expect(try await storage.apiKey(secretHash: key.secretHash) == key)
        let listed = try await acme.apiKeys()
        #expect(listed.count == 2)
        #expect(listed.last == key)
        #expect(listed.first?.role == .owner)
        #expect(try await globex.apiKeys().count == 1)
        #expect(try await !globex.deleteAPIKey(key.id))
        #expect(try await acme.deleteAPIKey(key.id))
        #expect(try await storage.apiKey(secretHash: key.secretHash) == nil)
    }

    @Test("a workspace reads and renames only itself", arguments: AdapterSet.all)
    func workspace(adapters: AdapterSet) async throws {
        let storage = try await adapters.make(ManualClock()).storage
        let acme = storage.scoped(to: try await Fixtures.tenant(storage, name: "Acme").id)
        #expect(try await acme.workspace()?.name == "Acme")
        #expect(try await acme.renameWorkspace("Acme Intelligence"))
        #expect(try await acme.workspace()?.name == "Acme Intelligence")
        #expect(try await storage.scoped(to: .generate()).workspace() == nil)
    }
}
