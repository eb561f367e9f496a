/// Jobs, feed items, sitemap URLs, headlines and meta tags.
enum ContentDeltas {
    static func jobs(old: [JobFact], new: [JobFact]) -> [FactDelta] {
        let oldKeys = Set(old.map(key))
        let newKeys = Set(new.map(key))
        var result: [FactDelta] = []
        for job in new where !oldKeys.contains(key(job)) {
            result.append(FactDelta(
                kind: .jobAdded, summary: "New job: \(job.title)" + DeltaText.parenthesised([job.department, job.location]),
                after: job.title, values: job.url.map { [$0] } ?? []
            ))
        }
        for job in old where !newKeys.contains(key(job)) {
            result.append(FactDelta(
                kind: .jobRemoved, summary: "Job removed: \(job.title)" + DeltaText.parenthesised([job.department, job.location]),
                before: job.title, values: job.url.map { [$0] } ?? []
            ))
        }
        return result
    }

    /// A posting is its title and place, plus its link when it has one: boards
    /// that list every role under one URL (fragments dropped) still tell them apart.
    private static func key(_ job: JobFact) -> String {
        (job.url.map(JobURL.normalized) ?? "") + "|" + TextTools.matchKey(job.title + "|" + (job.location ?? ""))
    }

    static func items(old: [FeedItem], new: [FeedItem]) -> [FactDelta] {
        let key: (FeedItem) -> String = { $0.url ?? TextTools.matchKey($0.title) }
        let known = Set(old.map(key))
        let fresh = new.filter { !known.contains(key($0)) }
        guard !fresh.isEmpty else { return [] }
        let titles = fresh.map(\.title)
        let summary = fresh.count == 1
            ? "New post: " + DeltaText.quoted(titles[0])
            : "\(fresh.count) new posts: " + DeltaText.list(titles.map(DeltaText.quoted))
        return [FactDelta(kind: .itemAdded, summary: summary, after: titles[0], values: titles)]
    }

    static func sitemap(old: [String], new: [String]) -> [FactDelta] {
        let oldSet = Set(old)
        let newSet = Set(new)
        let added = new.filter { !oldSet.contains($0) }
        let removed = old.filter { !newSet.contains($0) }
        var result: [FactDelta] = []
        if !added.isEmpty {
            let paths = added.map(URLText.shortForm)
            let summary = added.count == 1
                ? "New page in sitemap: \(paths[0])"
                : "\(added.count) new pages in sitemap: " + DeltaText.list(paths)
            result.append(FactDelta(kind: .sitemapURLAdded, summary: summary, after: added[0], values: added))
        }
        if !removed.isEmpty {
            let paths = removed.map(URLText.shortForm)
            let summary = removed.count == 1
                ? "Page removed from sitemap: \(paths[0])"
                : "\(removed.count) pages removed from sitemap: " + DeltaText.list(paths)
            result.append(FactDelta(kind: .sitemapURLRemoved, summary: summary, before: removed[0], values: removed))
        }
        return result
    }

    /// Headlines that went away are paired in order with those that came.
    static func headlines(old: [String], new: [String]) -> [FactDelta] {
        let removed = old.filter { !new.contains($0) }
        let added = new.filter { !old.contains($0) }
        var result: [FactDelta] = []
        for position in 0..<max(removed.count, added.count) {
            let before = position < removed.count ? removed[position] : nil
            let after = position < added.count ? added[position] : nil
            let summary: String
            switch (before, after) {
            case let (before?, after?): summary = "Headline changed: \(DeltaText.quoted(before)) → \(DeltaText.quoted(after))"
            case let (nil, after?): summary = "New headline: \(DeltaText.quoted(after))"
            case let (before?, nil): summary = "Headline removed: \(DeltaText.quoted(before))"
            case (nil, nil): continue
            }
            result.append(FactDelta(kind: .headlineChanged, summary: summary, before: before, after: after))
        }
        return result
    }

    static func meta(old: PageMeta, new: PageMeta) -> [FactDelta] {
        let fields: [(String, String, KeyPath<PageMeta, String?>)] = [
            ("title", "Page title", \.title), ("description", "Meta description", \.description),
            ("og_title", "OpenGraph title", \.ogTitle), ("og_description", "OpenGraph description", \.ogDescription),
            ("canonical", "Canonical URL", \.canonical),
        ]
        return fields.compactMap { field, label, path in
            let before = old[keyPath: path]
            let after = new[keyPath: path]
            guard before != after else { return nil }
            let summary: String
            switch (before, after) {
            case let (before?, after?): summary = "\(label) changed: \(DeltaText.quoted(before)) → \(DeltaText.quoted(after))"
            case let (nil, after?): summary = "\(label) added: \(DeltaText.quoted(after))"
            case let (before?, nil): summary = "\(label) removed: \(DeltaText.quoted(before))"
            case (nil, nil): return nil
            }
            return FactDelta(kind: .metaChanged, summary: summary, before: before, after: after, field: field)
        }
    }
}
