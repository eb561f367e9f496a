import SpyglassHTML

/// Extracts facts from one version of a document. Pure and bounded: hostile
/// input gives fewer facts, never a crash or unbounded work.
public struct FactExtractor: Sendable {
    public struct Limits: Sendable, Equatable {
        public var tree: HTMLTree.Limits
        public var json: JSONLimits
        /// At most this many prices are kept.
        public var maxPrices: Int

        public init(tree: HTMLTree.Limits = .default, json: JSONLimits = .default, maxPrices: Int = 500) {
            self.tree = tree
            self.json = json
            self.maxPrices = maxPrices
        }

        public static let `default` = Limits()
    }

    /// More plans than this on one page are not kept.
    static let maxPlans = 200

    /// For `.json` documents: the part to read; nil reads the whole document.
    public var jsonPath: JSONPath?
    public var limits: Limits

    public init(jsonPath: JSONPath? = nil, limits: Limits = .default) {
        self.jsonPath = jsonPath
        self.limits = limits
    }

    /// - Parameters:
    ///   - url: where the document came from; resolves relative links and
    ///     hints at the currency of "kr".
    public func extract(document: [UInt8], url: String?, kind: DocumentKind) -> ExtractedFacts {
        switch kind {
        case .html: return html(document, url: url)
        case .feed: return feed(document, url: url)
        case .json: return json(document, url: url)
        case .sitemap: return sitemap(document)
        }
    }

    // MARK: Kinds

    private func html(_ document: [UInt8], url: String?) -> ExtractedFacts {
        guard let tree = try? HTMLTree.html(document, limits: limits.tree) else { return ExtractedFacts() }
        let index = PageIndexBuilder.build(tree.root)
        let context = CurrencyContext.infer(texts: index.lines.map(\.text), url: url, language: index.language)
        let scanner = MoneyScanner(context: context)
        let linePrices = LinePrices(index: index, scanner: scanner)
        let text = PlanText(index: index, prices: linePrices, scanner: scanner)

        var claimed = [Bool](repeating: false, count: index.lines.count)
        func claim(_ plans: [DetectedPlan]) {
            for plan in plans {
                for line in plan.lines where line < claimed.count { claimed[line] = true }
            }
        }
        let cards = PlanCards(text: text).plans()
        claim(cards)
        let tables = PlanTables(text: text).plans(skipping: claimed)
        claim(tables)
        let sections = PlanSections(text: text).plans(skipping: claimed)
        claim(sections)
        let plans = DetectedPlan.merged(cards + tables + sections).prefix(Self.maxPlans).map(\.fact)

        var schema = SchemaOrgReader(pageURL: url, scanner: scanner)
        schema.read(scripts: index.jsonLD)

        let stray = index.lines.indices.filter { !claimed[$0] }.flatMap { linePrices.byLine[$0] }
        let prices = Self.unique(plans.flatMap(\.prices) + stray + schema.prices, limit: limits.maxPrices)

        var jobs = JobBoardReader(index: index, pageURL: url).jobs()
        let titles = Set(jobs.map { TextTools.matchKey($0.title) })
        jobs += schema.jobs.filter { !titles.contains(TextTools.matchKey($0.title)) }

        var meta = index.meta
        meta.canonical = meta.canonical.flatMap { URLText.resolve($0, base: url) }
        return ExtractedFacts(
            prices: prices, plans: plans, jobs: Array(jobs.prefix(JobBoardReader.maxJobs)),
            meta: meta, headlines: index.headlines
        )
    }

    private func feed(_ document: [UInt8], url: String?) -> ExtractedFacts {
        let reader = FeedReader(baseURL: url)
        if Self.looksLikeJSON(document) {
            guard let value = try? JSONValue.parse(document, limits: limits.json), FeedReader.isJSONFeed(value) else {
                return ExtractedFacts()
            }
            return ExtractedFacts(items: reader.items(json: value))
        }
        guard let tree = try? HTMLTree.xml(document, limits: limits.tree) else { return ExtractedFacts() }
        return ExtractedFacts(items: reader.items(xml: tree.root))
    }

    private func sitemap(_ document: [UInt8]) -> ExtractedFacts {
        guard let tree = try? HTMLTree.xml(document, limits: limits.tree) else { return ExtractedFacts() }
        return ExtractedFacts(sitemapURLs: SitemapReader.urls(tree.root))
    }

    private func json(_ document: [UInt8], url: String?) -> ExtractedFacts {
        guard let root = try? JSONValue.parse(document, limits: limits.json) else { return ExtractedFacts() }
        let selected = jsonPath.map { $0.select(in: root) } ?? [root]
        var selectedKey: String?
        if case .key(let key)? = jsonPath?.segments.last { selectedKey = key }
        var reader = JSONFactReader(pageURL: url)
        reader.read(selected, selectedKey: jsonPath == nil ? nil : selectedKey)
        return ExtractedFacts(
            prices: Self.unique(reader.prices, limit: limits.maxPrices), plans: reader.plans, jobs: reader.jobs,
            items: reader.items, headlines: Array(reader.texts.prefix(100))
        )
    }

    // MARK: Helpers

    private static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let first = bytes.dropFirst(start).first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// Without repeats (the same terms for the same plan), in order.
    private static func unique(_ prices: [PriceFact], limit: Int) -> [PriceFact] {
        var seen = Set<PriceFact>()
        var result: [PriceFact] = []
        for price in prices where result.count < limit {
            var key = price
            key.text = ""
            if seen.insert(key).inserted { result.append(price) }
        }
        return result
    }
}

extension FactExtractor {
    /// With a JSONPath given as text; throws `ExtractError.Code.invalidJSONPath`.
    public init(jsonPath expression: String, limits: Limits = .default) throws(ExtractError) {
        self.init(jsonPath: try JSONPath(expression), limits: limits)
    }
}
