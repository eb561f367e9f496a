/// Directive comments that steer the linter:
/// - `-- lint: ignore <rule>[, <rule>…]` silences those rules for the next statement.
/// - `-- lint: contract` anywhere in the script declares it the contract step of an
///   expand/contract change (see `MigrationLinter`).
struct LintDirectives {
    var ignoredRules: Set<LintRule> = []
    var isContract = false

    init(comments: [SQLToken]) {
        for comment in comments where comment.kind == .lineComment {
            let body = comment.text.dropFirst(2).trimmingWhitespace().lowercased()
            guard body.hasPrefix("lint:") else { continue }
            let words = body.dropFirst("lint:".count)
                .split(whereSeparator: { $0 == "," || $0.isWhitespace })
                .map(String.init)
            switch words.first {
            case "ignore": ignoredRules.formUnion(words.dropFirst().map(LintRule.init(rawValue:)))
            case "contract": isContract = true
            default: break
            }
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
