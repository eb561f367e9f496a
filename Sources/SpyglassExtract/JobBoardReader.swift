/// Job postings from careers pages and hosted job boards (Greenhouse,
/// Lever, Ashby, Workable and look-alikes): repeated items, each with one
/// posting link, a title, a location, and a department given inside the
/// item or by the nearest heading above it.
struct JobBoardReader {
    let index: PageIndex
    let pageURL: String?

    static let maxJobs = 2000
    private static let maxItemElements = 400
    private static let itemWords: Set<String> = ["job", "opening", "posting", "vacancy", "jobposting", "joblisting", "requisition"]
    private static let locationWords: Set<String> = ["location", "locations", "city", "office", "place"]
    private static let departmentWords: Set<String> = ["department", "departments", "team", "teams", "function"]
    private static let typeWords: Set<String> = ["commitment", "employment", "type", "workplace", "schedule"]
    private static let titleWords: Set<String> = ["title", "name", "role"]
    private static let groupWords: Set<String> = ["department", "category", "section", "group", "team", "header", "heading", "title"]
    /// Headings over the whole list, not over one department.
    private static let listHeadingWords: Set<String> = [
        "open", "positions", "roles", "openings", "jobs", "careers", "vacancies", "opportunities", "join", "hiring",
    ]
    private static let headings: Set<String> = ["h2", "h3", "h4", "h5", "h6"]

    func jobs() -> [JobFact] {
        let pageIsCareers = pageURL.map(JobURL.isCareersPage) ?? false
        var items: [Int] = []
        // Elements that hold a chosen item, and elements inside one.
        var holdsItem = [Bool](repeating: false, count: index.elements.count)
        var insideItem = [Bool](repeating: false, count: index.elements.count)
        // Items named like job items, innermost first (descendants come
        // after their ancestors in document order).
        for element in index.elements.indices.reversed() where !holdsItem[element] && hasItemWords(element) {
            guard items.count < Self.maxJobs, let link = singleLink(in: element),
                  pageIsCareers || JobURL.isJobPosting(link) || location(in: element) != nil
            else { continue }
            items.append(element)
            var ancestor = index.elements[element].parent
            while let current = ancestor, !holdsItem[current] {
                holdsItem[current] = true
                ancestor = index.elements[current].parent
            }
        }
        for item in items {
            for inside in index.descendants(of: item) { insideItem[inside] = true }
        }
        // Links to postings inside items that carry no such names.
        var linkItems: [Int] = []
        for anchor in index.elements.indices where index.elements[anchor].name == "a" && !insideItem[anchor] {
            guard linkItems.count < Self.maxJobs, let href = href(of: anchor), JobURL.isJobPosting(href) else { continue }
            linkItems.append(widened(anchor))
        }
        var jobs: [JobFact] = []
        var seen = Set<String>()
        for item in items.sorted() {
            guard let job = job(from: item, requireContext: false), seen.insert(key(job)).inserted else { continue }
            jobs.append(job)
        }
        let linkJobs = linkItems.compactMap { job(from: $0, requireContext: true) }
        if linkJobs.count >= 2 {
            for job in linkJobs where seen.insert(key(job)).inserted { jobs.append(job) }
        }
        return Array(jobs.prefix(Self.maxJobs))
    }

    private func key(_ job: JobFact) -> String {
        job.url.map(JobURL.normalized) ?? TextTools.matchKey(job.title + "|" + (job.location ?? ""))
    }

    private func attributeWords(_ element: Int) -> [String] {
        let item = index.elements[element]
        var words = item.classWords
        for attribute in ["id", "data-ui", "data-qa", "data-testid", "data-test", "itemprop"] {
            words += TextTools.words(item.attribute(attribute) ?? "")
        }
        return words
    }

    private func hasItemWords(_ element: Int) -> Bool {
        attributeWords(element).contains(where: Self.itemWords.contains)
    }

    private func href(of anchor: Int) -> String? {
        index.elements[anchor].attribute("href").flatMap { URLText.resolve($0, base: pageURL) }
    }

    /// The one posting the element links to; nil for none or several.
    private func singleLink(in element: Int) -> String? {
        var links = Set<String>()
        var first: String?
        for candidate in ([element] + Array(index.descendants(of: element).prefix(Self.maxItemElements)))
        where index.elements[candidate].name == "a" {
            guard let href = href(of: candidate) else { continue }
            links.insert(JobURL.normalized(href))
            first = first ?? href
            if links.count > 1 { return nil }
        }
        return first.map(JobURL.normalized)
    }

    /// A bare posting link grows to the largest ancestor that holds only it.
    private func widened(_ anchor: Int) -> Int {
        var item = anchor
        for _ in 0..<4 {
            guard let parent = index.elements[item].parent,
                  !["body", "main", "ul", "ol", "table", "tbody", "section"].contains(index.elements[parent].name),
                  singleLink(in: parent) != nil
            else { break }
            item = parent
        }
        return item
    }

    private func job(from item: Int, requireContext: Bool) -> JobFact? {
        guard let title = title(in: item) else { return nil }
        let location = self.location(in: item)
        let department = labelled(Self.departmentWords, in: item, excluding: Self.locationWords) ?? groupHeading(above: item)
        if requireContext && location == nil && department == nil { return nil }
        return JobFact(
            title: title, department: department, location: location,
            url: singleLink(in: item),
            employmentType: labelled(Self.typeWords, in: item, excluding: Self.locationWords)
        )
    }

    private func title(in item: Int) -> String? {
        let inside = Array(index.descendants(of: item).prefix(Self.maxItemElements))
        let named = inside.first { candidate in
            let words = attributeWords(candidate)
            return Self.headings.contains(index.elements[candidate].name)
                || (words.contains(where: Self.titleWords.contains)
                    && !words.contains(where: { Self.locationWords.contains($0) || Self.departmentWords.contains($0) }))
        }
        let anchor = ([item] + inside).first { index.elements[$0].name == "a" }
        for candidate in [named, anchor, item].compactMap({ $0 }) {
            for line in index.lineTexts(of: candidate).prefix(2) {
                let text = TextTools.clip(line, to: 150)
                if text.count >= 2, text.contains(where: \.isLetter), !PricePhrases.isCallToAction(text) { return text }
            }
        }
        return nil
    }

    private func location(in item: Int) -> String? {
        labelled(Self.locationWords, in: item, excluding: [])
    }

    /// The text of the first element inside `item` named with one of `words`.
    private func labelled(_ words: Set<String>, in item: Int, excluding: Set<String>) -> String? {
        for candidate in index.descendants(of: item).prefix(Self.maxItemElements) {
            let names = attributeWords(candidate)
            guard names.contains(where: words.contains), !names.contains(where: excluding.contains) else { continue }
            let text = TextTools.clip(index.text(of: candidate), to: 120)
            if !text.isEmpty, text.contains(where: \.isLetter) { return text }
        }
        return nil
    }

    /// The nearest heading before the item that names a group of postings
    /// ("Engineering"), found among preceding siblings of the item and its
    /// ancestors.
    private func groupHeading(above item: Int) -> String? {
        var current = item
        for _ in 0..<6 {
            guard let parent = index.elements[current].parent else { return nil }
            let siblings = index.elements[parent].children
            // Children are in document order, so their indices are sorted.
            let position = Self.insertionPoint(of: current, in: siblings)
            for sibling in siblings[..<position].reversed().prefix(60) {
                if let heading = groupName(sibling) { return heading }
            }
            current = parent
            if ["body", "main"].contains(index.elements[current].name) { return nil }
        }
        return nil
    }

    private static func insertionPoint(of value: Int, in sorted: [Int]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func groupName(_ element: Int) -> String? {
        let item = index.elements[element]
        let isHeading = Self.headings.contains(item.name) || item.classWords.contains(where: Self.groupWords.contains)
        guard isHeading, item.lineEnd - item.lineStart <= 2, item.name != "a",
              !index.descendants(of: element).prefix(Self.maxItemElements).contains(where: { index.elements[$0].name == "a" })
        else { return nil }
        var text = TextTools.clip(index.text(of: element), to: 80)
        // "Engineering (3)" counts its postings.
        if text.hasSuffix(")"), let open = text.lastIndex(of: "("), text[text.index(after: open)...].dropLast().allSatisfy(\.isNumber) {
            text = TextTools.collapse(String(text[..<open]))
        }
        let words = TextTools.words(text)
        guard !text.isEmpty, !words.contains(where: Self.listHeadingWords.contains) else { return nil }
        return text
    }
}
