import Foundation
import SpyglassDomain

/// The storage port. Cross-tenant operations are few and named; everything a
/// tenant owns is reached through `scoped(to:)`, so a request can only touch
/// what belongs to its authenticated tenant.
public protocol Storage: Sendable {
    func createTenant(name: String, ownerKey: NewAPIKey) async throws -> Tenant
    func tenantCount() async throws -> Int
    /// Looks up an API key by the hash of its secret (the only cross-tenant read the API makes).
    func apiKey(secretHash: String) async throws -> APIKey?
    /// The scheduler's path: monitors due at `now`, with their next check moved to
    /// `nextCheck(monitor)` in the same step, so two ticks never take the same monitor.
    func claimDueMonitors(now: Date, limit: Int, nextCheck: @Sendable (Monitor) -> Date) async throws -> [Monitor]
    func scoped(to tenant: Tenant.ID) -> any TenantStorage
    /// The digest service's path: e-mail channels whose digest is due at `now`.
    func dueDigestChannels(now: Date, limit: Int) async throws -> [AlertChannel]
    /// Housekeeping: forgets up to `limit` ids of handled events recorded before `cutoff`, of
    /// every tenant and consumer (an event redelivered that late is not expected); how many went.
    func pruneProcessedEvents(before cutoff: Date, limit: Int) async throws -> Int

    // The dashboard's paths before a tenant is known (setup, sign-in, a session cookie, an invitation link).
    /// People who can sign in, on the whole instance; none leaves the setup page open.
    func userCount() async throws -> Int
    /// The oldest workspace: the setup page gives it its first owner.
    func firstTenant() async throws -> Tenant?
    /// Inserts the instance's first person, atomically: false, with nothing written, when anyone exists.
    func insertFirstUser(_ user: User) async throws -> Bool
    /// A person by normalised e-mail address, in whichever workspace (for signing in).
    func user(email: String) async throws -> User?
    /// A session by the hash of its cookie's secret, revoked or expired ones included.
    func session(id: String) async throws -> WebSession?
    /// An invitation by the hash of its link's token.
    func invite(tokenHash: String) async throws -> Invite?
}

public struct NewAPIKey: Sendable {
    public var name: String
    public var role: APIKey.Role
    public var displayPrefix: String
    public var secretHash: String

    public init(name: String, role: APIKey.Role, displayPrefix: String, secretHash: String) {
        self.name = name
        self.role = role
        self.displayPrefix = displayPrefix
        self.secretHash = secretHash
    }
}

/// Everything one tenant owns. A record of another tenant is simply not there (nil).
public protocol TenantStorage: Sendable {
    var tenantID: Tenant.ID { get }

    // Competitors
    func insertCompetitor(_ competitor: Competitor) async throws
    func competitor(_ id: Competitor.ID) async throws -> Competitor?
    func competitors(page: PageRequest) async throws -> Page<Competitor>
    func updateCompetitor(_ competitor: Competitor) async throws -> Bool
    /// Deletes the competitor with its monitors and their history.
    func deleteCompetitor(_ id: Competitor.ID) async throws -> Bool

    // Monitors
    func insertMonitor(_ monitor: Monitor) async throws
    func monitor(_ id: Monitor.ID) async throws -> Monitor?
    func monitors(competitorID: Competitor.ID?, page: PageRequest) async throws -> Page<Monitor>
    func updateMonitor(_ monitor: Monitor) async throws -> Bool
    func deleteMonitor(_ id: Monitor.ID) async throws -> Bool

    // Checks and their results
    func recordCheck(_ result: CheckResult) async throws
    func checks(monitorID: Monitor.ID, page: PageRequest) async throws -> Page<CheckRun>
    func snapshot(_ id: Snapshot.ID) async throws -> Snapshot?
    func snapshots(monitorID: Monitor.ID, page: PageRequest) async throws -> Page<Snapshot>
    func snapshotText(_ id: Snapshot.ID) async throws -> String?
    func change(_ id: Change.ID) async throws -> Change?
    func changes(filter: ChangeFilter, page: PageRequest) async throws -> Page<Change>
    /// The changes that pass `filter`, most significant first (newest first among equals):
    /// `limit` of them after skipping `offset`, for a ranked list read page by page.
    func rankedChanges(filter: ChangeFilter, limit: Int, offset: Int) async throws -> [Change]

    // Channels and deliveries
    func insertChannel(_ channel: AlertChannel) async throws
    func channel(_ id: AlertChannel.ID) async throws -> AlertChannel?
    func channels(page: PageRequest) async throws -> Page<AlertChannel>
    func updateChannel(_ channel: AlertChannel) async throws -> Bool
    func deleteChannel(_ id: AlertChannel.ID) async throws -> Bool
    /// Inserts a delivery and the job that will attempt it, atomically.
    func insertDelivery(_ delivery: Delivery, job: Job) async throws
    func delivery(_ id: Delivery.ID) async throws -> Delivery?
    func deliveries(filter: DeliveryFilter, page: PageRequest) async throws -> Page<Delivery>
    func deliveryAttempts(_ id: Delivery.ID) async throws -> [DeliveryAttempt]
    /// Records an attempt and the delivery's new state; `retry` is the job of the next attempt, if any.
    func recordDeliveryAttempt(_ attempt: DeliveryAttempt, delivery: Delivery, retry: Job?) async throws

    // The workspace and its people
    func workspace() async throws -> Tenant?
    func renameWorkspace(_ name: String) async throws -> Bool
    /// Everyone in the workspace, oldest first.
    func users() async throws -> [User]
    func user(_ id: User.ID) async throws -> User?
    /// Throws `StorageError` `.conflict` when the e-mail address is taken (in any workspace).
    func insertUser(_ user: User) async throws
    func updateUserRole(_ id: User.ID, role: WorkspaceRole) async throws -> Bool
    /// Replaces a person's stored password hash (a password change); false when they are not here.
    func updateUserPassword(_ id: User.ID, passwordHash: String) async throws -> Bool
    /// Removes the person with their sessions.
    func deleteUser(_ id: User.ID) async throws -> Bool
    func insertSession(_ session: WebSession) async throws
    /// Ends a session (sign-out); false when it is not there or already ended.
    func revokeSession(id: String, at: Date) async throws -> Bool
    func insertInvite(_ invite: Invite) async throws
    /// Invitations not accepted yet (expired ones too), newest first.
    func openInvites() async throws -> [Invite]
    func deleteInvite(_ id: Invite.ID) async throws -> Bool
    /// Accepts an open invitation by creating `user`, in one transaction: false, with nothing written,
    /// when the invitation was accepted, has expired or is gone. `.conflict` when the address is taken.
    func acceptInvite(_ id: Invite.ID, user: User, at now: Date) async throws -> Bool

    // API keys (the owner key comes with the workspace)
    func insertAPIKey(_ key: APIKey) async throws
    /// Every key of the workspace, oldest first.
    func apiKeys() async throws -> [APIKey]
    func deleteAPIKey(_ id: APIKey.ID) async throws -> Bool

    // The weekly activity projection
    /// Counts one change into its competitor's week, once per `(consumer, eventID)`: the processed
    /// event and the counters are one transaction. False when the event was already processed.
    /// A change of a competitor that no longer exists counts nothing (but is processed).
    func recordChangeActivity(_ activity: ChangeActivity, eventID: String, consumer: String) async throws -> Bool
    /// Weekly counts, oldest week first (then by competitor and category), from the week holding `since`.
    func activity(competitorID: Competitor.ID?, since: Date?) async throws -> [ActivityWeek]

    // Feedback on changes (effectiveness)
    /// Records the author's verdict on a change, replacing the author's earlier one. False when the
    /// change does not exist in this workspace.
    func recordFeedback(_ feedback: ChangeFeedback) async throws -> Bool
    /// Every author's current verdict on one change, oldest first.
    func feedback(changeID: Change.ID) async throws -> [ChangeFeedback]
    /// The changes detected from `since` on, oldest first, with their first delivered alert and verdict counts.
    func changeOutcomes(since: Date) async throws -> [ChangeOutcome]
}

/// Everything one check produced, stored in one transaction: the check record,
/// the monitor's new state and, when the content moved, the snapshot, the change,
/// and a delivery with its job for every enabled channel.
public struct CheckResult: Sendable {
    public var run: CheckRun
    public var monitor: Monitor
    public var snapshot: Snapshot?
    /// The normalised text of `snapshot`; stored once per content hash.
    public var snapshotText: String?
    public var change: Change?
    public var deliveries: [(Delivery, Job)]
    /// Domain events announcing this result, written to the outbox in the same transaction.
    public var events: [DomainEvent]

    public init(
        run: CheckRun, monitor: Monitor, snapshot: Snapshot? = nil, snapshotText: String? = nil,
        change: Change? = nil, deliveries: [(Delivery, Job)] = [], events: [DomainEvent] = []
    ) {
        self.events = events
        self.run = run
        self.monitor = monitor
        self.snapshot = snapshot
        self.snapshotText = snapshotText
        self.change = change
        self.deliveries = deliveries
    }
}

public struct ChangeFilter: Sendable, Equatable {
    public var monitorID: Monitor.ID?
    public var competitorID: Competitor.ID?
    public var since: Date?
    public var until: Date?
    public var category: String?
    public var minSignificance: Int?

    public init(
        monitorID: Monitor.ID? = nil, competitorID: Competitor.ID? = nil, since: Date? = nil, until: Date? = nil,
        category: String? = nil, minSignificance: Int? = nil
    ) {
        self.monitorID = monitorID
        self.competitorID = competitorID
        self.category = category
        self.minSignificance = minSignificance
        self.since = since
        self.until = until
    }
}

public struct DeliveryFilter: Sendable, Equatable {
    public var channelID: AlertChannel.ID?
    public var changeID: Change.ID?
    public var status: Delivery.Status?

    public init(channelID: AlertChannel.ID? = nil, changeID: Change.ID? = nil, status: Delivery.Status? = nil) {
        self.channelID = channelID
        self.changeID = changeID
        self.status = status
    }
}

/// A storage failure that is not the caller's fault.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }
        public static let unavailable = Code("unavailable")
        public static let corrupt = Code("corrupt")
        public static let conflict = Code("conflict")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
