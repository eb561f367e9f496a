import Foundation
import SpyglassDomain

/// The change page's feedback: the verdicts so far, the signed-in person's own, and (for a
/// member and up) one button per verdict.
struct FeedbackPanel: Sendable {
    struct Button: Sendable {
        var verdict: String
        var id: String
        var label: String
        var pressed: Bool
        /// The verdict a digest link proposed: shown as the main button.
        var proposed: Bool
    }

    var action: String
    var canMark: Bool
    var buttons: [Button]
    /// "useful", "noise", "acted on"; nil before this person has said anything.
    var current: String?
    var counts: String
    /// "Mark this change as useful?", when the page was opened from a digest's verdict link.
    var prompt: String?

    init(changeID: Change.ID, feedback: [ChangeFeedback], user: User, proposed: FeedbackVerdict? = nil) {
        action = "/changes/\(changeID.rawValue)/feedback"
        canMark = user.role.allows(.editCatalog)
        let mine = feedback.first { $0.author == .user(user.id) }?.verdict
        current = mine.map(Self.label)
        buttons = FeedbackVerdict.allCases.map { verdict in
            Button(
                verdict: verdict.rawValue, id: "feedback-" + verdict.rawValue.replacingOccurrences(of: "_", with: "-"),
                label: Self.label(verdict).prefix(1).uppercased() + Self.label(verdict).dropFirst(), pressed: verdict == mine,
                proposed: verdict == proposed)
        }
        prompt = canMark ? proposed.map { "Mark this change as \(Self.label($0))? Confirm with the button below." } : nil
        counts = FeedbackVerdict.allCases.map { verdict in
            "\(Self.label(verdict)) \(feedback.filter { $0.verdict == verdict }.count)"
        }.joined(separator: " · ")
    }

    static func label(_ verdict: FeedbackVerdict) -> String {
        switch verdict {
        case .useful: "useful"
        case .noise: "noise"
        case .actedOn: "acted on"
        }
    }
}
