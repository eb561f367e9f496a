/// What a person or an API key may do in a workspace. Each role can do what the
/// roles below it can, and more: viewer < member < admin < owner.
public enum WorkspaceRole: String, Sendable, Codable, CaseIterable, Comparable {
    case owner
    case admin
    case member
    case viewer

    /// The things a role may be allowed to do.
    public enum Action: Sendable, CaseIterable {
        /// Read anything in the workspace.
        case read
        /// Create, edit and delete competitors and monitors; check now.
        case editCatalog
        /// Channels and routing rules, API keys, the team, retrying dead jobs.
        case administer
        /// Make or unmake owners, and everything else.
        case own
    }

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .member: 1
        case .admin: 2
        case .owner: 3
        }
    }

    public static func < (lhs: WorkspaceRole, rhs: WorkspaceRole) -> Bool { lhs.rank < rhs.rank }

    /// The least role that may do `action`.
    public static func least(for action: Action) -> WorkspaceRole {
        switch action {
        case .read: .viewer
        case .editCatalog: .member
        case .administer: .admin
        case .own: .owner
        }
    }

    public func allows(_ action: Action) -> Bool { self >= Self.least(for: action) }

    /// Whether someone with this role may give `role` to a person (or take it away):
    /// only owners make or unmake owners; admins manage the other roles.
    public func mayAssign(_ role: WorkspaceRole) -> Bool {
        role == .owner ? self == .owner : allows(.administer)
    }
}
