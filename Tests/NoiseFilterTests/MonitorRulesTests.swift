import Foundation
@testable import NoiseFilter
import Testing

@Suite("Per-monitor rules")
struct MonitorRulesTests {
    @Test("ignoreText hides lines containing the text, case-insensitively, and names it")
    func ignoreText() {
        let rules = NoiseRules(ignoreText: ["stock level"])
        let result = verdict("STOCK LEVEL: 4 left", "Stock level: 3 left", rules: rules)
        #expect(result.outcome == .noiseOnly)
        #expect(result.suppressed == [SuppressedDifference(
            removed: ["STOCK LEVEL: 4 left"], added: ["Stock level: 3 left"],
            rule: "ignore_text", reason: "contains text this monitor ignores: \"stock level\""
        )])
    }

    @Test("ignoreText is literal text, never a pattern")
    func ignoreTextIsLiteral() {
        let rules = NoiseRules(ignoreText: ["(a+)+$", "price.*"])
        #expect(verdict("Price $49", "Price $59", rules: rules).outcome == .changed)
        #expect(verdict("x (a+)+$ 1", "x (a+)+$ 2", rules: rules).outcome == .noiseOnly)
    }

    @Test("ignorePatterns hide matching lines and name the pattern")
    func ignorePatterns() {
        let rules = NoiseRules(ignorePatterns: [#"^Visitors online: \d+$"#, "(?i)weather"])
        let online = verdict("Visitors online: 17", "Visitors online: 20", rules: rules)
        #expect(online.outcome == .noiseOnly)
        #expect(online.suppressed.map(\.reason) == [#"matches a pattern this monitor ignores: /^Visitors online: \d+$/"#])
        #expect(verdict("WEATHER: sunny", "Weather: rain", rules: rules).outcome == .noiseOnly)
        #expect(verdict("Visitors online: 17 (record!)", "Visitors online: 20 (record!)", rules: rules).outcome == .changed)
    }

    @Test("a line ignored before and kept now is a change")
    func ignoredThenKept() {
        let rules = NoiseRules(ignoreText: ["beta"])
        let result = verdict("Enterprise plan (beta)", "Enterprise plan", rules: rules)
        #expect(result.outcome == .changed)
        #expect(result.added == ["Enterprise plan"])
        #expect(result.removed.isEmpty)
        #expect(result.suppressed.map(\.rule) == ["ignore_text"])
    }

    @Test("validate names an invalid regular expression")
    func invalidRegex() {
        let rules = NoiseRules(ignorePatterns: ["ok", "([a-z"])
        #expect(throws: NoiseRuleError.self) { try NoiseFilter.validate(rules) }
        do {
            try NoiseFilter.validate(rules)
        } catch {
            #expect(error.code == .invalidPattern)
            #expect(error.field == "ignorePatterns[1]")
            #expect(error.message.contains("([a-z"))
        }
    }

    @Test("validate rejects too long patterns, empty entries and bad trigger regexes", arguments: [
        (NoiseRules(ignorePatterns: [String(repeating: "a", count: 501)]), NoiseRuleError.Code.patternTooLong, "ignorePatterns[0]"),
        (NoiseRules(ignorePatterns: [""]), .emptyMatch, "ignorePatterns[0]"),
        (NoiseRules(ignoreText: ["x", ""]), .emptyMatch, "ignoreText[1]"),
        (NoiseRules(triggers: [.appears(.text(""))]), .emptyMatch, "triggers[0]"),
        (NoiseRules(triggers: [.appears(.text("ok")), .disappears(.regex("*oops"))]), .invalidPattern, "triggers[1]"),
    ])
    func validationProblems(rules: NoiseRules, code: NoiseRuleError.Code, field: String) {
        do {
            try NoiseFilter.validate(rules)
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
        }
    }

    @Test("valid rules validate; a 500-character pattern is allowed")
    func validRules() throws {
        try NoiseFilter.validate(NoiseRules(
            ignoreText: ["a"], ignorePatterns: [String(repeating: "a", count: 500)],
            triggers: [.appears(.regex(#"\$\d+"#)), .disappears(.text("Free"))]
        ))
        try NoiseFilter.validate(NoiseRules())
    }

    @Test("init skips unusable patterns and keeps the rest working")
    func initSkipsInvalid() {
        let rules = NoiseRules(ignorePatterns: ["([a-z", "^Online: \\d+$"])
        #expect(verdict("Online: 1", "Online: 2", rules: rules).outcome == .noiseOnly)
        #expect(verdict("Price $49", "Price $59", rules: rules).outcome == .changed)
    }

    @Test("rules decode from partial JSON with defaults and round-trip")
    func codable() throws {
        let partial = try JSONDecoder().decode(NoiseRules.self, from: Data(#"{"ignoreText":["x"]}"#.utf8))
        #expect(partial == NoiseRules(ignoreText: ["x"]))
        let full = NoiseRules(
            ignoreText: ["a"], ignorePatterns: ["b+"],
            triggers: [.appears(.text("Sold out")), .disappears(.regex("Free"))],
            countersAreNoise: false, builtInRules: false
        )
        let data = try JSONEncoder().encode(full)
        #expect(try JSONDecoder().decode(NoiseRules.self, from: data) == full)
        let trigger = try JSONDecoder().decode(Trigger.self, from: Data(#"{"event":"appears","text":"Sold out"}"#.utf8))
        #expect(trigger == .appears(.text("Sold out")))
    }

    @Test("a trigger needs exactly one of text and regex", arguments: [
        #"{"event":"appears"}"#,
        #"{"event":"appears","text":"a","regex":"b"}"#,
        #"{"event":"vanishes","text":"a"}"#,
    ])
    func malformedTrigger(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Trigger.self, from: Data(json.utf8)) }
    }
}
