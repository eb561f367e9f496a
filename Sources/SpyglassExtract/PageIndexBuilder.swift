import SpyglassHTML

/// Builds a `PageIndex` from an `HTMLNode` tree with an explicit stack.
struct PageIndexBuilder {
    static let maxLineLength = 1000
    static let maxLines = 200_000
    static let maxHeadlines = 8
    static let maxHeadlineLength = 300

    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "button", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol",
        "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ]
    /// Subtrees without visible text worth reading.
    private static let skippedElements: Set<String> = [
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "audio",
        "video", "select", "textarea", "input", "del", "s", "strike",
    ]
    /// Page chrome whose headings are not positioning copy.
    private static let chromeElements: Set<String> = ["nav", "footer", "aside", "dialog"]
    /// Class fragments marking a struck-through (old) price.
    private static let struckClassFragments = [
        "strike", "line-through", "old-price", "price-old", "price--old", "was-price", "original-price", "crossed",
    ]

    private var index = PageIndex()
    private var buffer = ""
    /// `buffer.count`, kept because String.count walks the whole string.
    private var bufferLength = 0
    private var pendingSpace = false
    private var bufferFirst: Int?
    private var openBlocks: [Int] = []
    private var openElements: [Int] = []
    private var chromeDepth = 0
    private var h2Count = 0

    private enum Step {
        case enter(HTMLNode, parent: Int?)
        case exit(Int)
    }

    static func build(_ root: HTMLNode) -> PageIndex {
        var builder = PageIndexBuilder()
        builder.walk(root)
        // Lines dropped at the cap must not be counted in any range.
        let count = builder.index.lines.count
        for element in builder.index.elements.indices {
            builder.index.elements[element].lineStart = min(builder.index.elements[element].lineStart, count)
            builder.index.elements[element].lineEnd = min(builder.index.elements[element].lineEnd, count)
        }
        return builder.index
    }

    private mutating func walk(_ root: HTMLNode) {
        var stack: [Step] = root.children.reversed().map { .enter($0, parent: nil) }
        while let step = stack.popLast() {
            switch step {
            case .exit(let element):
                exit(element)
            case .enter(let node, let parent):
                switch node.kind {
                case .text:
                    appendText(node.text)
                case .document:
                    stack.append(contentsOf: node.children.reversed().map { .enter($0, parent: parent) })
                case .element:
                    guard let element = enter(node, parent: parent) else { continue }
                    stack.append(.exit(element))
                    stack.append(contentsOf: node.children.reversed().map { .enter($0, parent: element) })
                }
            }
        }
        flush()
    }

    /// Registers the element; nil when its subtree is skipped.
    private mutating func enter(_ node: HTMLNode, parent: Int?) -> Int? {
        readMetadata(node)
        if node.name == "head" { readHeadMetadata(node) }
        if Self.skippedElements.contains(node.name) || isStruck(node) { return nil }
        if node.name == "br" || node.name == "hr" { flush() }
        let isBlock = Self.blockElements.contains(node.name)
        if isBlock { flush() }
        let element = index.elements.count
        index.elements.append(PageIndex.Element(
            node: node, parent: parent, end: element + 1, lineStart: index.lines.count, lineEnd: index.lines.count,
            classWords: TextTools.words(node.attributes["class"] ?? "")
        ))
        if let parent { index.elements[parent].children.append(element) }
        if node.name == "html" { index.language = node.attributes["lang"] }
        if isBlock { openBlocks.append(element) }
        openElements.append(element)
        if Self.chromeElements.contains(node.name) { chromeDepth += 1 }
        return element
    }

    private mutating func exit(_ element: Int) {
        let name = index.elements[element].name
        let isBlock = Self.blockElements.contains(name)
        if isBlock { flush() }
        index.elements[element].end = index.elements.count
        // An inline element's range includes the line still being written.
        index.elements[element].lineEnd = index.lines.count + (buffer.isEmpty || isBlock ? 0 : 1)
        if isBlock { openBlocks.removeLast() }
        openElements.removeLast()
        if Self.chromeElements.contains(name) { chromeDepth -= 1 }
        if name == "h1" || name == "h2" { recordHeadline(element, level: name) }
    }

    private mutating func appendText(_ text: String) {
        guard index.lines.count < Self.maxLines else { return }
        for character in text {
            if character.isWhitespace {
                pendingSpace = true
                continue
            }
            guard bufferLength < Self.maxLineLength else { return }
            if buffer.isEmpty {
                bufferFirst = openElements.last
            } else if pendingSpace {
                buffer.append(" ")
                bufferLength += 1
            }
            pendingSpace = false
            buffer.append(character)
            bufferLength += 1
        }
    }

    private mutating func flush() {
        pendingSpace = false
        guard !buffer.isEmpty else { return }
        if index.lines.count < Self.maxLines, let owner = openBlocks.last ?? openElements.last {
            index.lines.append(PageIndex.Line(text: buffer, owner: owner, first: bufferFirst ?? owner))
        }
        buffer = ""
        bufferLength = 0
        bufferFirst = nil
    }

    private func isStruck(_ node: HTMLNode) -> Bool {
        if let style = node.attributes["style"], style.lowercased().contains("line-through") { return true }
        guard let classes = node.attributes["class"]?.lowercased() else { return false }
        return Self.struckClassFragments.contains { classes.contains($0) }
    }

    private mutating func recordHeadline(_ element: Int, level: String) {
        guard chromeDepth == 0, index.headlines.count < Self.maxHeadlines else { return }
        if level == "h2" {
            h2Count += 1
            guard h2Count <= 3 else { return }
        }
        let text = TextTools.clip(index.text(of: element), to: Self.maxHeadlineLength)
        if !text.isEmpty, !index.headlines.contains(text) { index.headlines.append(text) }
    }

    /// `<title>`, description and OpenGraph `<meta>`, canonical `<link>`, JSON-LD.
    private mutating func readMetadata(_ node: HTMLNode) {
        let attributes = node.attributes
        switch node.name {
        case "title" where index.meta.title == nil:
            index.meta.title = nonEmpty(TextTools.clip(node.textContent, to: 500))
        case "meta":
            guard let content = attributes["content"].map({ TextTools.clip($0, to: 1000) }), !content.isEmpty else { return }
            let key = (attributes["property"] ?? attributes["name"] ?? "").lowercased()
            switch key {
            case "description" where index.meta.description == nil: index.meta.description = content
            case "og:title" where index.meta.ogTitle == nil: index.meta.ogTitle = content
            case "og:description" where index.meta.ogDescription == nil: index.meta.ogDescription = content
            default: break
            }
        case "link":
            let relations = TextTools.words(attributes["rel"] ?? "")
            if relations.contains("canonical"), index.meta.canonical == nil, let href = attributes["href"] {
                index.meta.canonical = nonEmpty(href.trimming([" ", "\n", "\t", "\r"]))
            }
        case "script":
            let type = (attributes["type"] ?? "").lowercased().trimming([" "])
            if type == "application/ld+json", index.jsonLD.count < 50 {
                index.jsonLD.append(node.textContent)
            }
        default:
            break
        }
    }

    /// The head is not walked for text; its metadata is read here.
    private mutating func readHeadMetadata(_ head: HTMLNode) {
        var stack = Array(head.children.reversed())
        var visited = 0
        while let node = stack.popLast(), visited < 10_000 {
            visited += 1
            guard node.isElement else { continue }
            readMetadata(node)
            stack.append(contentsOf: node.children.reversed())
        }
    }

    private func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }
}
