/// Facts from JSON endpoints: plan objects with prices and features (as
/// pricing APIs and Stripe return them), job objects (Greenhouse, Lever and
/// Ashby job APIs), embedded schema.org data, a JSON Feed, and, for values a
/// JSONPath selected directly, prices written as text or other text values.
struct JSONFactReader {
    var pageURL: String?
    var scanner = MoneyScanner()
    private(set) var prices: [PriceFact] = []
    private(set) var plans: [PlanFact] = []
    private(set) var jobs: [JobFact] = []
    private(set) var items: [FeedItem] = []
    private(set) var texts: [String] = []

    private static let maxVisited = 200_000
    private static let maxDepth = 48
    private var visited = 0

    private static let nameKeys = ["name", "title", "plan", "nickname", "display_name", "displayName", "label", "tier"]
    private static let priceKeys = [
        "price", "amount", "unit_amount", "unit_amount_decimal", "cost", "monthly_price", "price_monthly", "monthlyPrice",
        "priceMonthly", "annual_price", "yearly_price", "price_yearly", "price_annual", "annualPrice", "yearlyPrice",
        "priceYearly", "amount_cents", "price_cents", "priceCents", "amountCents",
    ]
    private static let nestedPriceKeys = ["prices", "pricing", "price_options", "priceOptions", "offers"]
    private static let currencyKeys = ["currency", "priceCurrency", "currency_code", "currencyCode"]
    private static let periodKeys = ["interval", "period", "billing_period", "billingPeriod", "billing_cycle", "billingCycle", "frequency"]

    init(pageURL: String?) {
        self.pageURL = pageURL
    }

    /// Reads each selected value; `selectedKey` is the last key of the path
    /// that selected them, a hint for bare numbers ("$.plan.price").
    mutating func read(_ values: [JSONValue], selectedKey: String?) {
        for value in values {
            switch value {
            case .string(let text):
                readSelectedText(text)
            case .number(let literal):
                if let key = selectedKey, Self.isPriceKey(key), let amount = Amount(decimal: literal) {
                    prices.append(PriceFact(amount: amount.normalized, currency: nil, kind: amount.isZero ? .free : .paid, text: literal))
                } else {
                    texts.append(literal)
                }
            default:
                if FeedReader.isJSONFeed(value) {
                    items += FeedReader(baseURL: pageURL).items(json: value)
                } else {
                    walk(value, depth: 0)
                }
            }
        }
    }

    private static func isPriceKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["price", "amount", "cost"].contains { lowered.contains($0) }
    }

    private mutating func readSelectedText(_ text: String) {
        let characters = Array(TextTools.collapse(text).prefix(2000))
        let matches = scanner.matches(in: characters)
        guard !matches.isEmpty else {
            if !characters.isEmpty { texts.append(TextTools.clip(String(characters), to: 300)) }
            return
        }
        for match in matches {
            let tail = Array(characters[match.end..<min(characters.count, match.end + 40)].map(\.lowercasedCharacter))
            let terms = PriceQualifiers.read(tail)
            prices.append(PriceFact(
                amount: match.amount.normalized, currency: match.currency, period: terms.period, perUser: terms.perUser,
                billedAnnually: terms.billedAnnually, kind: match.amount.isZero ? .free : .paid,
                text: String(characters[match.start..<min(characters.count, match.end + terms.consumed)])
            ))
        }
    }

    private mutating func walk(_ value: JSONValue, depth: Int) {
        visited += 1
        guard depth < Self.maxDepth, visited < Self.maxVisited else { return }
        switch value {
        case .array(let elements):
            for element in elements { walk(element, depth: depth + 1) }
        case .object(let members):
            if value["@type"] != nil || value["@graph"] != nil {
                var schema = SchemaOrgReader(pageURL: pageURL, scanner: scanner)
                schema.read(value)
                prices += schema.prices
                jobs += schema.jobs
                return
            }
            let name = Self.nameKeys.lazy.compactMap { value[$0]?.scalarText }.first.map { TextTools.clip($0, to: 100) }
            let found = pricesOf(value, depth: depth)
            if !found.isEmpty {
                if let name, plans.count < 200 {
                    let tied = found.map { price in
                        var copy = price
                        copy.plan = name
                        return copy
                    }
                    plans.append(PlanFact(name: name, prices: tied, features: Self.features(value["features"])))
                    prices += tied
                } else {
                    prices += found
                }
                return
            }
            if let job = job(value) {
                if jobs.count < JobBoardReader.maxJobs { jobs.append(job) }
                return
            }
            for member in members { walk(member.value, depth: depth + 1) }
        default:
            return
        }
    }

    // MARK: Prices

    private func pricesOf(_ object: JSONValue, depth: Int) -> [PriceFact] {
        guard depth < Self.maxDepth else { return [] }
        let currency = Self.currencyKeys.lazy.compactMap { object[$0]?.scalarText?.uppercased() }
            .first { CurrencyTable.isoCodes.contains($0) }
        let period = Self.period(object)
        var result: [PriceFact] = []
        for key in Self.priceKeys {
            guard let value = object[key] else { continue }
            // "amount" or "cost" alone may count anything; "price" says it.
            guard currency != nil || period != nil || key.lowercased().contains("price") else { continue }
            if case .object = value {
                result += pricesOf(value, depth: depth + 1).map { inherit($0, currency: currency, period: period) }
                continue
            }
            guard var price = price(value, key: key, currency: currency) else { continue }
            let lowered = key.lowercased()
            if lowered.contains("month") { price.period = .month }
            if lowered.contains("annual") || lowered.contains("year") {
                price.period = .year
            }
            result.append(inherit(price, currency: currency, period: period))
        }
        for key in Self.nestedPriceKeys {
            for element in (object[key]?.arrayValue ?? []).prefix(50) where element.members != nil {
                result += pricesOf(element, depth: depth + 1).map { inherit($0, currency: currency, period: period) }
            }
        }
        return result
    }

    private func inherit(_ price: PriceFact, currency: String?, period: PriceFact.Period?) -> PriceFact {
        var copy = price
        copy.currency = copy.currency ?? currency
        copy.period = copy.period ?? period
        return copy
    }

    private func price(_ value: JSONValue, key: String, currency: String?) -> PriceFact? {
        switch value {
        case .number(let literal):
            let inMinorUnits = key.hasPrefix("unit_amount") || key.lowercased().hasSuffix("cents")
            let amount = inMinorUnits ? Amount(minorUnits: literal) : Amount(decimal: literal)
            guard let amount else { return nil }
            return PriceFact(amount: amount.normalized, currency: currency, kind: amount.isZero ? .free : .paid,
                             text: CurrencyTable.prefix(for: currency) + amount.display)
        case .string(let text):
            if key.hasPrefix("unit_amount"), let amount = Amount(decimal: text).flatMap({ Amount(minorUnits: $0.normalized) }) {
                return PriceFact(amount: amount.normalized, currency: currency, kind: amount.isZero ? .free : .paid, text: text)
            }
            if let kind = PricePhrases.slotKind(text) { return PriceFact.slot(kind, text: text) }
            if let match = scanner.matches(in: Array(text.prefix(200))).first {
                return PriceFact(amount: match.amount.normalized, currency: match.currency ?? currency,
                                 kind: match.amount.isZero ? .free : .paid, text: TextTools.clip(text, to: 200))
            }
            guard let amount = Amount(decimal: text.trimming([" "])) else { return nil }
            return PriceFact(amount: amount.normalized, currency: currency, kind: amount.isZero ? .free : .paid, text: text)
        default:
            return nil
        }
    }

    private static func period(_ object: JSONValue) -> PriceFact.Period? {
        let raw = periodKeys.lazy.compactMap { object[$0]?.scalarText }.first ?? object["recurring"]?["interval"]?.scalarText
        switch raw?.lowercased() {
        case "month", "monthly", "mo", "months", "p1m": return .month
        case "year", "yearly", "annual", "annually", "yr", "years", "p1y": return .year
        case "one_time", "one-time", "once", "lifetime", "onetime": return .oneTime
        default: return nil
        }
    }

    private static func features(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).prefix(PlanText.maxFeatures).compactMap { feature in
            let text = feature.scalarText ?? nameKeys.lazy.compactMap { feature[$0]?.scalarText }.first
                ?? feature["text"]?.scalarText
            return text.map { TextTools.clip($0, to: PlanText.maxFeatureLength) }.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    // MARK: Jobs

    /// Greenhouse (`title`, `location.name`, `departments[].name`,
    /// `absolute_url`), Lever (`text`, `categories`, `hostedUrl`), Ashby
    /// (`title`, `department`, `location`, `jobUrl`).
    private func job(_ object: JSONValue) -> JobFact? {
        let categories = object["categories"]
        guard let title = object["title"]?.scalarText ?? (categories != nil ? object["text"]?.scalarText : nil) else { return nil }
        let location = Self.name(object["location"]) ?? Self.name(categories?["location"]) ?? Self.name(object["offices"])
            ?? Self.name(object["locationName"])
        let department = Self.name(object["departments"]) ?? Self.name(object["department"]) ?? Self.name(object["team"])
            ?? Self.name(categories?["department"]) ?? Self.name(categories?["team"])
        guard location != nil || department != nil else { return nil }
        let url = ["absolute_url", "hostedUrl", "jobUrl", "url", "applyUrl", "apply_url"].lazy
            .compactMap { object[$0]?.scalarText }.first.flatMap { URLText.resolve($0, base: pageURL) }
        let type = Self.name(object["employmentType"]) ?? Self.name(categories?["commitment"])
        return JobFact(title: TextTools.clip(title, to: 150), department: department, location: location, url: url,
                       employmentType: type)
    }

    /// A string, an object's `name`, or the first element's.
    private static func name(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text.isEmpty ? nil : TextTools.clip(text, to: 120)
        case .object?: return name(value?["name"])
        case .array(let elements)?: return elements.first.flatMap { name($0) }
        default: return nil
        }
    }
}
