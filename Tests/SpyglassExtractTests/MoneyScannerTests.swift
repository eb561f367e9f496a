import Testing
@testable import SpyglassExtract

/// The amounts and currencies one line of text holds.
private func money(_ text: String, context: CurrencyContext = .default) -> [String] {
    MoneyScanner(context: context).matches(in: Array(text)).map { "\($0.currency ?? "?") \($0.amount.normalized)" }
}

@Suite struct MoneyScannerTests {
    @Test(arguments: [
        ("$49", "USD 49"), ("$49.99", "USD 49.99"), ("$ 49", "USD 49"), ("$1,234.56", "USD 1234.56"),
        ("€1.234,56", "EUR 1234.56"), ("1.234,56 €", "EUR 1234.56"), ("1 234,56 €", "EUR 1234.56"),
        ("1\u{202F}234,56\u{00A0}€", "EUR 1234.56"), ("49,90 €", "EUR 49.9"), ("£9", "GBP 9"), ("¥1,200", "JPY 1200"),
        ("₹1,23,456", "INR 123456"), ("₹499", "INR 499"), ("CHF 1'290.50", "CHF 1290.5"), ("EUR 49", "EUR 49"),
        ("USD 49", "USD 49"), ("49 USD", "USD 49"), ("R$ 99,90", "BRL 99.9"), ("A$29", "AUD 29"), ("C$15", "CAD 15"),
        ("US$10", "USD 10"), ("$49 AUD", "AUD 49"), ("$0", "USD 0"), ("$49.00", "USD 49"), ("0,99 €", "EUR 0.99"),
        ("$0.000025", "USD 0.000025"), ("zł 49", "PLN 49"), ("49 zł", "PLN 49"), ("49 TRY", "TRY 49"), ("₺49", "TRY 49"),
    ])
    func readsPriceFormats(text: String, expected: String) {
        #expect(money(text) == [expected])
    }

    @Test(arguments: [
        "2026", "24/7", "99.9% uptime", "Call +1 (555) 123-4567", "1-800-555-0199", "Version 2.4.1", "Since 2014",
        "12.03.2026", "192.168.1.1", "3 users", "10 GB/month", "49", "49/mo", "Save $120 with annual billing",
        "Up to $500 in credits", "We raised $5M", "$10k+ saved", "$2 billion in payments", "Get $20 off", "Orders over $50 ship free",
        "$100 credit for startups", "50% off", "Rated 4.9/5", "#1 in G2", "$49k ARR", "X$49",
        "Acme saved us $10,000 a year", "TRY 14 DAYS FREE", "Mrs 5 stars", "EUROPE 2026",
    ])
    func ignoresNumbersThatAreNotPrices(text: String) {
        #expect(money(text).isEmpty)
    }

    @Test func findsSeveralPricesOnALine() {
        #expect(money("Pro $49/mo or $490/yr") == ["USD 49", "USD 490"])
        #expect(money("From €9 to €99 per month") == ["EUR 9", "EUR 99"])
    }

    @Test func bareDollarFollowsThePage() {
        var context = CurrencyContext.default
        context.dollar = "AUD"
        #expect(money("$29", context: context) == ["AUD 29"])
        #expect(money("US$29", context: context) == ["USD 29"])
    }

    @Test func contextFromPageText() {
        #expect(CurrencyContext.infer(texts: ["All prices in AUD", "$29"], url: nil, language: nil).dollar == "AUD")
        #expect(CurrencyContext.infer(texts: ["Prices in USD or AUD"], url: nil, language: nil).dollar == "USD")
        #expect(CurrencyContext.infer(texts: ["$29"], url: nil, language: nil).dollar == "USD")
        #expect(CurrencyContext.infer(texts: ["99 kr"], url: "https://shop.example.se/", language: nil).krona == "SEK")
        #expect(CurrencyContext.infer(texts: ["99 kr"], url: nil, language: "da-DK").krona == "DKK")
        #expect(CurrencyContext.infer(texts: ["99 kr"], url: nil, language: nil).krona == nil)
        #expect(CurrencyContext.infer(texts: ["售价 ¥99 CNY"], url: nil, language: nil).yen == "CNY")
    }

    @Test func kronaWithoutContextHasNoCurrency() {
        #expect(money("99 kr") == ["? 99"])
    }
}

@Suite struct PriceQualifierTests {
    private func terms(_ text: String) -> PriceQualifiers {
        PriceQualifiers.read(Array(text.lowercased()))
    }

    @Test(arguments: [
        ("/mo", PriceFact.Period.month), ("/month", .month), (" / month", .month), (" per month", .month),
        (" monthly", .month), (" a month", .month), ("/yr", .year), (" per year", .year), (" annually", .year),
        (" yearly", .year), (" one-time", .oneTime), (" one time payment", .oneTime), (" / Monat", .month), (" lifetime", .oneTime),
    ])
    func readsPeriods(text: String, period: PriceFact.Period) {
        #expect(terms(text).period == period)
    }

    @Test func readsPerUserAndBilling() {
        let seat = terms("/user/month, billed annually")
        #expect(seat.period == .month && seat.perUser && seat.billedAnnually)
        let yearly = terms(" per seat billed yearly")
        #expect(yearly.period == nil && yearly.perUser && yearly.billedAnnually)
        #expect(terms("/monthbilled annually").period == .month)
        #expect(terms(" billed monthly").period == .month)
        #expect(terms(" for everyone").isEmpty)
        #expect(terms(" moment").isEmpty)
    }
}
