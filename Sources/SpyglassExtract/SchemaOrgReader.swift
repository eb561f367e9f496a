import Foundation

/// Reads schema.org JSON-LD: products and their offers (`Offer`,
/// `AggregateOffer`, `UnitPriceSpecification`) and `JobPosting`s, through
/// `@graph`, arrays and nesting.
struct SchemaOrgReader {
    var pageURL: String?
    var scanner: MoneyScanner

    private(set) var prices: [PriceFact] = []
    private(set) var jobs: [JobFact] = []

    private static let maxVisited = 20_000
    private static let maxDepth = 24
    private static let productTypes: Set<String> = [
        "product", "softwareapplication", "webapplication", "mobileapplication", "service", "productgroup",
        "course", "individualproduct", "productmodel", "videogame", "book",
    ]
    private var visited = 0

    init(pageURL: String?, scanner: MoneyScanner) {
        self.pageURL = pageURL
        self.scanner = scanner
    }

    /// Reads every JSON-LD block; blocks that are not valid JSON are skipped.
    mutating func read(scripts: [String]) {
        for script in scripts {
            var text = script.trimming([" ", "\n", "\r", "\t"])
            // Some CMSs wrap the JSON in a CDATA comment.
            for wrapper in ["//<![CDATA[", "<![CDATA["] where text.hasPrefix(wrapper) { text.removeFirst(wrapper.count) }
            for wrapper in ["//]]>", "]]>"] where text.hasSuffix(wrapper) { text.removeLast(wrapper.count) }
            guard let value = try? JSONValue.parse(Array(text.utf8)) else { continue }
            read(value)
        }
    }

    mutating func read(_ value: JSONValue) {
        walk(value, depth: 0)
    }

    private mutating func walk(_ value: JSONValue, depth: Int) {
        visited += 1
        guard depth < Self.maxDepth, visited < Self.maxVisited else { return }
        switch value {
        case .array(let elements):
            for element in elements { walk(element, depth: depth + 1) }
        case .object(let members):
            let types = Self.types(of: value)
            if types.contains(where: Self.productTypes.contains) {
                readProduct(value)
            } else if types.contains("offer") || types.contains("aggregateoffer") {
                readOffer(value, productName: nil)
            } else if types.contains("jobposting") {
                readJob(value)
            } else {
                for member in members { walk(member.value, depth: depth + 1) }
            }
        default:
            return
        }
    }

    private static func types(of value: JSONValue) -> [String] {
        switch value["@type"] {
        case .string(let type)?: return [normalizedType(type)]
        case .array(let types)?: return types.compactMap(\.scalarText).map(normalizedType)
        default: return []
        }
    }

    /// "Product", "schema:Product" and "https://schema.org/Product" alike.
    private static func normalizedType(_ type: String) -> String {
        String(type.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "#" }).last ?? "").lowercased()
    }

    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?:
            let cleaned = TextTools.clip(TextTools.decodeEntities(text), to: 300)
            return cleaned.isEmpty ? nil : cleaned
        case .number(let literal)?: return literal
        case .object?: return text(value?["name"])
        case .array(let elements)?:
            let parts = elements.compactMap { text($0) }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        default: return nil
        }
    }

    // MARK: Products and offers

    private mutating func readProduct(_ product: JSONValue) {
        let name = Self.text(product["name"])
        for offer in Self.list(product["offers"]) {
            readOffer(offer, productName: name)
        }
    }

    private static func list(_ value: JSONValue?) -> [JSONValue] {
        switch value {
        case .array(let elements)?: return Array(elements.prefix(200))
        case let value?: return [value]
        case nil: return []
        }
    }

    private mutating func readOffer(_ offer: JSONValue, productName: String?) {
        let plan = Self.text(offer["name"]) ?? productName
        let currency = Self.text(offer["priceCurrency"])?.uppercased()
        if Self.types(of: offer).contains("aggregateoffer") {
            let nested = Self.list(offer["offers"])
            if !nested.isEmpty {
                for inner in nested { readOffer(inner, productName: plan) }
                return
            }
            if let low = offer["lowPrice"] ?? offer["price"] {
                add(low, currency: currency, period: nil, plan: plan, label: "from ")
            }
            return
        }
        let specifications = Self.list(offer["priceSpecification"])
        if offer["price"] == nil, !specifications.isEmpty {
            for specification in specifications {
                add(specification["price"], currency: Self.text(specification["priceCurrency"])?.uppercased() ?? currency,
                    period: Self.period(of: specification), plan: plan, label: "")
            }
            return
        }
        add(offer["price"], currency: currency, period: specifications.lazy.compactMap(Self.period).first, plan: plan, label: "")
    }

    /// `unitCode` MON / ANN, `billingDuration` P1M / P1Y, or `unitText`.
    private static func period(of specification: JSONValue) -> PriceFact.Period? {
        let code = (text(specification["unitCode"]) ?? text(specification["referenceQuantity"]?["unitCode"]) ?? "").uppercased()
        let duration = (text(specification["billingDuration"]) ?? "").uppercased()
        let unit = (text(specification["unitText"]) ?? "").lowercased()
        if code == "MON" || duration == "P1M" || unit.hasPrefix("month") { return .month }
        if code == "ANN" || duration == "P1Y" || unit.hasPrefix("year") || unit.hasPrefix("annual") { return .year }
        return nil
    }

    private mutating func add(_ value: JSONValue?, currency: String?, period: PriceFact.Period?, plan: String?, label: String) {
        guard let value, let literal = value.scalarText?.trimming([" "]), !literal.isEmpty else { return }
        var amount = Amount(decimal: literal)
        var code = currency.flatMap { CurrencyTable.isoCodes.contains($0) ? $0 : nil }
        if amount == nil, case .string = value, let match = scanner.matches(in: Array(literal)).first {
            // A price written for people ("$49.00") instead of "49.00".
            amount = match.amount
            code = code ?? match.currency
        }
        if amount == nil, case .string = value, literal.contains(","), !literal.contains(".") {
            amount = Amount(decimal: literal.replacingOccurrences(of: ",", with: "."))
        }
        guard let amount, prices.count < 500 else { return }
        let display = CurrencyTable.prefix(for: code) + amount.display
        prices.append(PriceFact(
            plan: plan, amount: amount.normalized, currency: code, period: period,
            kind: amount.isZero ? .free : .paid, text: label + display
        ))
    }

    // MARK: Job postings

    private mutating func readJob(_ posting: JSONValue) {
        guard let title = Self.text(posting["title"]) ?? Self.text(posting["name"]), jobs.count < 2000 else { return }
        let department = Self.text(posting["occupationalCategory"]) ?? Self.text(posting["department"])
            ?? Self.text(posting["industry"])
        var places = Self.list(posting["jobLocation"]).compactMap(Self.place)
        if Self.text(posting["jobLocationType"])?.uppercased() == "TELECOMMUTE" { places.append("Remote") }
        let url = Self.text(posting["url"]).flatMap { URLText.resolve($0, base: pageURL) } ?? pageURL
        jobs.append(JobFact(
            title: title, department: department, location: places.isEmpty ? nil : places.joined(separator: "; "),
            url: url, employmentType: Self.text(posting["employmentType"]),
            organization: Self.text(posting["hiringOrganization"])
        ))
    }

    /// "Berlin, DE" from a Place's PostalAddress (or a plain string); the
    /// region is left out, as job boards do.
    private static func place(_ value: JSONValue) -> String? {
        if case .string = value { return text(value) }
        let address = value["address"] ?? value
        if case .string = address { return text(address) }
        let parts = [text(address["addressLocality"]), text(address["addressCountry"])]
            .compactMap { $0 }
        var unique: [String] = []
        for part in parts where !unique.contains(part) { unique.append(part) }
        return unique.isEmpty ? text(value["name"]) : unique.joined(separator: ", ")
    }
}
