import Foundation

/// What someone said about a change: worth it, noise, or acted on.
public enum FeedbackVerdict: String, Sendable, Equatable, CaseIterable {
    case useful
    case noise
    case actedOn = "acted_on"
}

/// Who gave a verdict: a person on the dashboard or an API key.
public enum FeedbackAuthor: Sendable, Equatable {
    case user(User.ID)
    case apiKey(APIKey.ID)

    /// The stored kind, `user` or `api_key`.
    public var kind: String {
        switch self {
        case .user: "user"
        case .apiKey: "api_key"
        }
    }

    public var id: String {
        switch self {
        case .user(let id): id.rawValue
        case .apiKey(let id): id.rawValue
        }
    }

    /// Read back from storage; nil for an unknown kind.
    public init?(kind: String, id: String) {
        switch kind {
        case "user": self = .user(User.ID(trusted: id))
        case "api_key": self = .apiKey(APIKey.ID(trusted: id))
        default: return nil
        }
    }
}

/// One author's current verdict on one change (a new verdict replaces the author's previous one).
public struct ChangeFeedback: Sendable, Equatable {
    public var changeID: Change.ID
    public var author: FeedbackAuthor
    public var verdict: FeedbackVerdict
    public var createdAt: Date

    public init(changeID: Change.ID, author: FeedbackAuthor, verdict: FeedbackVerdict, createdAt: Date) {
        self.changeID = changeID
        self.author = author
        self.verdict = verdict
        self.createdAt = createdAt
    }
}

/// One change as the effectiveness page counts it: when it was seen, when its first
/// alert was delivered, and how its verdicts add up.
public struct ChangeOutcome: Sendable, Equatable {
    public var changeID: Change.ID
    public var competitorID: Competitor.ID
    public var monitorID: Monitor.ID
    public var category: String?
    public var detectedAt: Date
    /// When the first delivery of its alert succeeded; nil when none has.
    public var firstDeliveredAt: Date?
    public var added: [String]
    public var useful: Int
    public var noise: Int
    public var actedOn: Int

    public init(
        changeID: Change.ID, competitorID: Competitor.ID, monitorID: Monitor.ID, category: String?, detectedAt: Date,
        firstDeliveredAt: Date?, added: [String], useful: Int, noise: Int, actedOn: Int
    ) {
        self.changeID = changeID
        self.competitorID = competitorID
        self.monitorID = monitorID
        self.category = category
        self.detectedAt = detectedAt
        self.firstDeliveredAt = firstDeliveredAt
        self.added = added
        self.useful = useful
        self.noise = noise
        self.actedOn = actedOn
    }

    public var marks: Int { useful + noise + actedOn }
}
