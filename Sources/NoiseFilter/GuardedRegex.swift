import Foundation

/// A user-supplied regular expression that cannot hang an evaluation.
///
/// ICU backtracks, so a pattern such as `(a+)+$` takes exponential time on some lines. Matching
/// runs with `.reportProgress`: ICU calls back every few thousand steps, and the callback stops
/// the match once the per-line limit or the evaluation's shared `RegexBudget` is spent. A match
/// that was stopped, or that ICU aborted (stack limit), is `.unknown`; callers decide in favour
/// of reporting the change.
struct GuardedRegex: Sendable {
    enum Outcome: Equatable {
        case match, noMatch, unknown
    }

    /// Longest a single line may take for one pattern.
    static let perLineLimit: Duration = .milliseconds(25)

    let source: String
    private let regex: NSRegularExpression

    init(source: String, regex: NSRegularExpression) {
        self.source = source
        self.regex = regex
    }

    /// Compiles `source`, or explains why it cannot be used.
    static func compile(_ source: String, field: String) -> Result<GuardedRegex, NoiseRuleError> {
        if source.isEmpty {
            return .failure(NoiseRuleError(.emptyMatch, field: field, "\(field) is an empty pattern, which would match every line"))
        }
        if source.count > NoiseRules.maxPatternLength {
            return .failure(NoiseRuleError(
                .patternTooLong, field: field,
                "\(field) is \(source.count) characters long; the limit is \(NoiseRules.maxPatternLength)"
            ))
        }
        do {
            return .success(GuardedRegex(source: source, regex: try NSRegularExpression(pattern: source)))
        } catch {
            return .failure(NoiseRuleError(.invalidPattern, field: field, "\(field) is not a valid regular expression: /\(Self.excerpt(source))/"))
        }
    }

    /// Whether the pattern matches somewhere in `line`, within the time left in `budget`.
    func matches(_ line: String, budget: inout RegexBudget) -> Outcome {
        guard budget.remaining > .zero else { return .unknown }
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + min(Self.perLineLimit, budget.remaining)
        var outcome = Outcome.noMatch
        let range = NSRange(location: 0, length: line.utf16.count)
        regex.enumerateMatches(in: line, options: [.reportProgress, .reportCompletion], range: range) { result, flags, stop in
            if result != nil {
                outcome = .match
                stop.pointee = true
            } else if flags.contains(.internalError) {
                outcome = .unknown
            } else if clock.now > deadline {
                outcome = .unknown
                stop.pointee = true
            }
        }
        budget.spend(clock.now - start)
        return outcome
    }

    private static func excerpt(_ source: String) -> String {
        source.count <= 80 ? source : String(source.prefix(80)) + "…"
    }
}

/// Time all user regular expressions may take together during one evaluation.
struct RegexBudget {
    static let perEvaluation: Duration = .seconds(1)

    private(set) var remaining: Duration

    init(_ total: Duration = perEvaluation) {
        remaining = total
    }

    mutating func spend(_ duration: Duration) {
        remaining -= duration
    }
}
