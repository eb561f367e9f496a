import SpyglassDomain

/// What the layout shows around every page: the title, the signed-in person and
/// what their role lets them reach, the CSRF token of the page's forms, a notice.
struct Chrome: Sendable {
    var title: String
    /// The token every form of the page carries in `_csrf`.
    var csrf: String
    var user: ChromeUser?
    var nav: Nav
    var cssVersion: String
    var jsVersion: String
    var notice: String?
}

struct ChromeUser: Sendable {
    var email: String
    var role: String
    var workspace: String
    var canEdit: Bool
    var canAdminister: Bool

    init(_ user: User, workspace: String) {
        email = user.email
        role = user.role.rawValue
        self.workspace = workspace
        canEdit = user.role.allows(.editCatalog)
        canAdminister = user.role.allows(.administer)
    }
}

/// Which section of the navigation is current.
struct Nav: Sendable {
    var overview = false
    var competitors = false
    var team = false
    var jobs = false
    var keys = false
    var effectiveness = false
    var channels = false
    var settings = false

    enum Section {
        case overview, competitors, team, jobs, keys, effectiveness, channels, settings, none
    }

    init(_ section: Section) {
        switch section {
        case .overview: overview = true
        case .competitors: competitors = true
        case .team: team = true
        case .jobs: jobs = true
        case .keys: keys = true
        case .effectiveness: effectiveness = true
        case .channels: channels = true
        case .settings: settings = true
        case .none: break
        }
    }
}

/// Notices after a redirect, named by a fixed key in the query (`?notice=check-queued`):
/// the text is ours, never the query's.
enum Notice {
    static let messages: [String: String] = [
        "check-queued": "A check is queued; its result appears here when it finishes.",
        "competitor-created": "Competitor added. Add a page to watch next.",
        "competitor-deleted": "Competitor deleted, with its monitors and their history.",
        "monitor-created": "Monitor saved. Its first check runs now and stores a baseline.",
        "monitor-deleted": "Monitor deleted, with its history.",
        "role-changed": "Role changed.",
        "user-removed": "Removed from the workspace.",
        "invite-revoked": "Invitation revoked.",
        "key-revoked": "API key revoked.",
        "channel-enabled": "Channel enabled.",
        "channel-disabled": "Channel disabled: it receives nothing until enabled again.",
        "channel-deleted": "Channel deleted.",
        "routing-saved": "Routing saved: the channel hears only about changes that pass it.",
        "workspace-renamed": "Workspace renamed.",
        "password-changed": "Password changed.",
        "job-retried": "Queued again.",
        "feedback-recorded": "Thanks: your verdict on this change is saved.",
        "welcome": "Welcome to Spyglass.",
        "signed-out": "You are signed out.",
    ]

    static func text(_ key: String?) -> String? { key.flatMap { messages[$0] } }
}
