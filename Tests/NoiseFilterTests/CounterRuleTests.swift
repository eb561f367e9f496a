@testable import NoiseFilter
import Testing

@Suite("Built-in rule: counters")
struct CounterRuleTests {
    @Test("ticking counters are noise", arguments: [
        LinePair("12,345 customers", "12,401 customers"),
        LinePair("1.2k likes", "1.3k likes"),
        LinePair("Join 10,000+ teams", "Join 12,000+ teams"),
        LinePair("4,812 views", "4,907 views"),
        LinePair("Viewed 37 times", "Viewed 41 times"),
        LinePair("Trusted by 5,000 companies", "Trusted by 6,000 companies"),
        LinePair("1 comment", "2 comments"),
        LinePair("4.8 (2,345 reviews)", "4.8 (2,351 reviews)"),
        LinePair("Over 1,000 happy customers", "Over 1,100 happy customers"),
        LinePair("17 people viewing this", "23 people viewing this"),
    ])
    func countersAreNoise(pair: LinePair) {
        expectNoise(pair, rule: .counter)
    }

    @Test("prices, plan limits and feature counts are changes", arguments: [
        LinePair("$49", "$59"),
        LinePair("Pro $49/month", "Pro $59/month"),
        LinePair("$49 per user", "$59 per user"),
        LinePair("€1,234 users", "€1,334 users"),
        LinePair("Pro: 5 users", "Pro: 10 users"),
        LinePair("Pro | $49 | 5 users", "Pro | $49 | 10 users"),
        LinePair("Up to 1,234 users", "Up to 2,345 users"),
        LinePair("500 customers", "1,000 customers"),
        LinePair("25,123 visitors/month", "50,321 visitors/month"),
        LinePair("Includes 1,234 members", "Includes 2,345 members"),
        LinePair("100+ integrations", "200+ integrations"),
        LinePair("3 projects", "5 projects"),
        LinePair("Pro plan now 20% off", "Pro plan now 30% off"),
        LinePair("12,345 customers", "12,345 partners"),
    ])
    func realChanges(pair: LinePair) {
        expectChange(pair)
    }

    @Test("with countersAreNoise off, counts are the signal")
    func countersOff() {
        let rules = NoiseRules(countersAreNoise: false)
        expectChange(LinePair("12,345 customers", "12,401 customers"), rules: rules)
        expectChange(LinePair("Viewed 37 times", "Viewed 41 times"), rules: rules)
        // Other built-in rules still apply.
        expectNoise(LinePair("Updated 3 hours ago", "Updated 4 hours ago"), rule: .relativeTime, rules: rules)
    }

    @Test("the noun stays in the masked line")
    func nounKept() {
        #expect(masked("4,812 views") == "⟦count⟧ view")
        #expect(masked("1 comment") == "⟦count⟧ comment")
        #expect(masked("2 comments") == "⟦count⟧ comment")
        #expect(masked("Join 10,000+ teams") == "Join ⟦count⟧ team")
        #expect(masked("Viewed 37 times") == "Viewed ⟦count⟧ times")
        #expect(masked("4,812 likes") != masked("4,812 views"))
    }
}
