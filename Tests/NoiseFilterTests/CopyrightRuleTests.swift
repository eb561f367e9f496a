@testable import NoiseFilter
import Testing

@Suite("Built-in rule: copyright years")
struct CopyrightRuleTests {
    @Test("copyright years are noise", arguments: [
        LinePair("© 2025 Acme Inc. All rights reserved.", "© 2026 Acme Inc. All rights reserved."),
        LinePair("Copyright 2024-2026 Acme", "Copyright 2024-2027 Acme"),
        LinePair("(c) 2026 Acme", "(c) 2027 Acme"),
        LinePair("Copyright © 2019–2025 Acme GmbH", "Copyright © 2019–2026 Acme GmbH"),
        LinePair("2019-2025 © Acme", "2019-2026 © Acme"),
    ])
    func copyrightIsNoise(pair: LinePair) {
        expectNoise(pair, rule: .copyrightYear)
    }

    @Test("bare years and new owners are changes", arguments: [
        LinePair("2025 pricing", "2026 pricing"),
        LinePair("Founded in 2019", "Founded in 2020"),
        LinePair("© 2025 Acme Inc.", "© 2026 Globex Corp."),
        LinePair("Best tool of 2025", "Best tool of 2026"),
    ])
    func realChanges(pair: LinePair) {
        expectChange(pair)
    }
}
