@testable import NoiseFilter
import Testing

@Suite("User regular expressions under a time limit")
struct GuardedRegexTests {
    private static func compiled(_ source: String) -> GuardedRegex? {
        try? GuardedRegex.compile(source, field: "test").get()
    }

    @Test("ordinary patterns match and miss")
    func ordinary() throws {
        let regex = try #require(Self.compiled(#"^Price: \$\d+$"#))
        var budget = RegexBudget()
        #expect(regex.matches("Price: $49", budget: &budget) == .match)
        #expect(regex.matches("Price: free", budget: &budget) == .noMatch)
        #expect(budget.remaining > .zero)
    }

    @Test("exponential backtracking is stopped and reported as unknown")
    func catastrophic() throws {
        let regex = try #require(Self.compiled("^(a+)+$"))
        var budget = RegexBudget()
        #expect(regex.matches(String(repeating: "a", count: 5_000) + "!", budget: &budget) == .unknown)
    }

    @Test("once the evaluation's budget is spent, every match is unknown")
    func budgetExhausted() throws {
        let evil = try #require(Self.compiled("^(a+)+$"))
        let plain = try #require(Self.compiled("a"))
        var budget = RegexBudget(.milliseconds(10))
        #expect(evil.matches(String(repeating: "a", count: 5_000) + "!", budget: &budget) == .unknown)
        #expect(budget.remaining <= .zero)
        #expect(plain.matches("a", budget: &budget) == .unknown)
    }

    @Test("compile explains what is wrong")
    func compileErrors() {
        #expect(throws: NoiseRuleError.self) { try GuardedRegex.compile("(", field: "f").get() }
        #expect(throws: NoiseRuleError.self) { try GuardedRegex.compile("", field: "f").get() }
        #expect(throws: NoiseRuleError.self) { try GuardedRegex.compile(String(repeating: "x", count: 501), field: "f").get() }
    }
}
