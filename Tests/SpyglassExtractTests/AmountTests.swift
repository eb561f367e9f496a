import Testing
@testable import SpyglassExtract

@Suite struct AmountTests {
    @Test func normalisesAndDisplays() throws {
        let amount = try #require(Amount(integer: "001234", fraction: "5600"))
        #expect(amount.normalized == "1234.56")
        #expect(amount.display == "1,234.56")
        #expect(Amount(decimal: "49.50")?.display == "49.50")
        #expect(Amount(decimal: "49.5")?.normalized == "49.5")
        #expect(Amount(decimal: "0")?.isZero == true)
        #expect(Amount(decimal: ".5")?.normalized == "0.5")
        #expect(Amount(minorUnits: "4900")?.normalized == "49")
        #expect(Amount(minorUnits: "5")?.normalized == "0.05")
    }

    @Test(arguments: ["", "1e3", "-5", "1.2.3", "12345678901", "1.1234567", "abc", "4.", "1,5"])
    func refusesNonDecimals(text: String) {
        #expect(Amount(decimal: text) == nil)
    }

    @Test func percentChangeRoundsHalfAwayFromZero() throws {
        let fortyNine = try #require(Amount(decimal: "49"))
        #expect(fortyNine.percentChange(to: try #require(Amount(decimal: "59"))) == "20.4")
        #expect(fortyNine.percentChange(to: try #require(Amount(decimal: "39"))) == "-20.4")
        #expect(try #require(Amount(decimal: "8")).percentChange(to: try #require(Amount(decimal: "9"))) == "12.5")
        #expect(try #require(Amount(decimal: "40")).percentChange(to: try #require(Amount(decimal: "40.02"))) == "0.1")
        #expect(try #require(Amount(decimal: "100")).percentChange(to: try #require(Amount(decimal: "200"))) == "100.0")
        #expect(Amount.zero.percentChange(to: fortyNine) == nil)
        let large = try #require(Amount(decimal: "999999999.999999"))
        #expect(try #require(Amount(decimal: "0.000001")).percentChange(to: large) != nil)
    }
}
