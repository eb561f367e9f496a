import Testing
import SpyglassExtract

@Suite struct JSONValueTests {
    @Test func parsesAndKeepsNumberLiterals() throws {
        let value = try JSONValue.parse(Array(#"{"a": [1, 49.90, -2e3, true, null, "x\u00e9\ud83d\ude00\n"], "b": {}}"#.utf8))
        #expect(value["a"] == .array([.number("1"), .number("49.90"), .number("-2e3"), .bool(true), .null, .string("xé😀\n")]))
        #expect(value["b"] == .object([]))
        #expect(value["missing"] == nil)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "\"unterminated", "[1] 2", "tru", "{\"a\":1,}", "\"\\x\"", "-", "1."])
    func refusesInvalidJSON(text: String) {
        #expect(throws: ExtractError.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test func boundsDepthAndSize() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect { try JSONValue.parse(Array(deep.utf8)) } throws: { ($0 as? ExtractError)?.code == .tooLarge }
        #expect { try JSONValue.parse(Array("[1,2,3]".utf8), limits: JSONLimits(maxValues: 2)) } throws: {
            ($0 as? ExtractError)?.code == .tooLarge
        }
        #expect { try JSONValue.parse(Array("[1]".utf8), limits: JSONLimits(maxBytes: 2)) } throws: {
            ($0 as? ExtractError)?.code == .tooLarge
        }
    }

    @Test func loneSurrogateBecomesReplacement() throws {
        #expect(try JSONValue.parse(Array(#""\ud800x""#.utf8)) == .string("\u{FFFD}x"))
    }
}

@Suite struct JSONPathTests {
    let document = try? JSONValue.parse(Array("""
    {"plans": [{"name": "Pro", "price": 49}, {"name": "Team", "price": 99}],
     "meta": {"key with space": "yes", "it's": 1}, "@graph": [7]}
    """.utf8))

    private func select(_ path: String) throws -> [JSONValue] {
        try JSONPath(path).select(in: try #require(document))
    }

    @Test func selects() throws {
        #expect(try select("$") == [try #require(document)])
        #expect(try select("$.plans[0].name") == [.string("Pro")])
        #expect(try select("$.plans[-1].price") == [.number("99")])
        #expect(try select("$.plans[*].price") == [.number("49"), .number("99")])
        #expect(try select("$.plans.*.name") == [.string("Pro"), .string("Team")])
        #expect(try select("$['meta']['key with space']") == [.string("yes")])
        #expect(try select("$.meta[\"it's\"]") == [.number("1")])
        #expect(try select("$.meta['it\\'s']") == [.number("1")])
        #expect(try select("$.@graph[0]") == [.number("7")])
        #expect(try select("$.plans[5]").isEmpty)
        #expect(try select("$.nothing.deeper").isEmpty)
        #expect(try select("$.plans.name").isEmpty)
    }

    @Test(arguments: ["", "plans", "$.", "$..name", "$[", "$[abc]", "$['open", "$.a[1", "$.a b", "$[99999999999]", "$.a[*"])
    func invalidPathsThrowTypedErrors(path: String) {
        #expect { try JSONPath(path) } throws: { ($0 as? ExtractError)?.code == .invalidJSONPath }
    }

    @Test func errorMessageSaysWhere() {
        #expect { try JSONPath("$.a[x]") } throws: { ($0 as? ExtractError)?.message.contains("position 5") == true }
        #expect { try FactExtractor(jsonPath: "nope") } throws: { ($0 as? ExtractError)?.code == .invalidJSONPath }
    }
}

@Suite struct JSONEndpointTests {
    @Test func planObjectsWithPricesAndFeatures() throws {
        let body = """
        {"data": {"plans": [
          {"name": "Starter", "price": 0, "currency": "usd", "interval": "month", "features": ["1 seat"]},
          {"name": "Pro", "monthly_price": 49, "annual_price": 470, "currency": "USD", "features": [{"name": "SSO"}, "API"]},
          {"name": "Enterprise", "price": "Contact sales"}
        ]}}
        """
        let result = FactExtractor(jsonPath: try JSONPath("$.data.plans"))
            .extract(document: Array(body.utf8), url: nil, kind: .json)
        #expect(result.plans.map(\.name) == ["Starter", "Pro", "Enterprise"])
        #expect(result.plan("Starter")?.prices.first?.kind == .free)
        let pro = try #require(result.plan("Pro"))
        #expect(pro.prices.map(\.amount) == ["49", "470"])
        #expect(pro.prices.map(\.period) == [.month, .year])
        #expect(pro.features == ["SSO", "API"])
        #expect(result.plan("Enterprise")?.prices.first?.kind == .custom)
    }

    @Test func stripePricesInCents() throws {
        let body = """
        {"object": "list", "data": [
          {"object": "price", "nickname": "Pro monthly", "unit_amount": 4900, "currency": "usd", "recurring": {"interval": "month"}},
          {"object": "price", "nickname": "Pro yearly", "unit_amount_decimal": "47000", "currency": "usd", "recurring": {"interval": "year"}}
        ]}
        """
        let result = FactExtractor().extract(document: Array(body.utf8), url: nil, kind: .json)
        #expect(result.prices.map(\.amount) == ["49", "470"])
        #expect(result.prices.map(\.period) == [.month, .year])
        #expect(result.prices.map(\.plan) == ["Pro monthly", "Pro yearly"])
    }

    @Test func selectedScalars() throws {
        let body = #"{"hero": {"headline": "The fastest CRM", "price": "$19/mo", "seats": 10, "cost": 5}}"#
        let headline = try FactExtractor(jsonPath: "$.hero.headline").extract(document: Array(body.utf8), url: nil, kind: .json)
        #expect(headline.headlines == ["The fastest CRM"])
        #expect(headline.prices.isEmpty)
        let price = try FactExtractor(jsonPath: "$.hero.price").extract(document: Array(body.utf8), url: nil, kind: .json)
        #expect(price.prices.map(\.amount) == ["19"])
        #expect(price.prices.first?.period == .month)
        let seats = try FactExtractor(jsonPath: "$.hero.seats").extract(document: Array(body.utf8), url: nil, kind: .json)
        #expect(seats.prices.isEmpty && seats.headlines == ["10"])
        let cost = try FactExtractor(jsonPath: "$.hero.cost").extract(document: Array(body.utf8), url: nil, kind: .json)
        #expect(cost.prices.map(\.amount) == ["5"] && cost.prices.first?.currency == nil)
    }

    @Test func jobAPIs() {
        let greenhouse = """
        {"jobs": [{"title": "Data Scientist", "location": {"name": "Paris"}, "departments": [{"name": "Data"}],
                   "absolute_url": "https://boards.greenhouse.io/acme/jobs/1"}], "meta": {"total": 1}}
        """
        #expect(FactExtractor().extract(document: Array(greenhouse.utf8), url: nil, kind: .json).jobs == [
            JobFact(title: "Data Scientist", department: "Data", location: "Paris", url: "https://boards.greenhouse.io/acme/jobs/1"),
        ])
        let lever = """
        [{"text": "Recruiter", "categories": {"team": "People", "location": "Austin", "commitment": "Full-time"},
          "hostedUrl": "https://jobs.lever.co/acme/1"}]
        """
        #expect(FactExtractor().extract(document: Array(lever.utf8), url: nil, kind: .json).jobs == [
            JobFact(title: "Recruiter", department: "People", location: "Austin", url: "https://jobs.lever.co/acme/1",
                    employmentType: "Full-time"),
        ])
    }

    @Test func countsAndAmountsWithoutCurrencyAreNotPrices() {
        let body = #"{"stats": {"amount": 12, "cost": 3, "total": 99.5}, "items": [{"name": "x", "amount": 2}]}"#
        let result = FactExtractor().extract(document: Array(body.utf8), url: nil, kind: .json)
        #expect(result.prices.isEmpty && result.plans.isEmpty)
    }

    @Test func jsonFeedAsJSONAndInvalidJSON() {
        #expect(FactExtractor().extract(document: Array(FeedFixtures.jsonFeed.utf8), url: nil, kind: .json).items.count == 2)
        #expect(FactExtractor().extract(document: Array("{oops".utf8), url: nil, kind: .json) == ExtractedFacts())
    }
}
