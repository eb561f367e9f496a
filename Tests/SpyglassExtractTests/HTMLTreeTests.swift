import Testing
import SpyglassHTML

@Suite struct HTMLTreeTests {
    @Test func buildsValueTree() throws {
        let tree = try HTMLTree.html(Array("<html><body><p class='a' CLASS='b' id=x>Hi <b>there</b><!-- c -->!</p></body></html>".utf8))
        #expect(!tree.truncated)
        let html = try #require(tree.root.elementChildren.first)
        #expect(html.name == "html")
        let paragraph = try #require(html.elementChildren.last?.elementChildren.first)
        #expect(paragraph.name == "p")
        #expect(paragraph.attributes == ["class": "a", "id": "x"])
        #expect(paragraph.textContent == "Hi there!")
        #expect(paragraph.children.map(\.kind) == [.text, .element, .text])
    }

    @Test func emptyInputIsAnEmptyDocument() throws {
        let tree = try HTMLTree.html([])
        #expect(tree.root.children.isEmpty)
    }

    @Test func limitsNodesAndDepth() throws {
        let many = String(repeating: "<i>x</i>", count: 1000)
        let capped = try HTMLTree.html(Array(many.utf8), limits: .init(maxNodes: 100))
        #expect(capped.truncated)
        let deep = String(repeating: "<div>", count: 200) + "deep"
        let shallow = try HTMLTree.html(Array(deep.utf8), limits: .init(maxDepth: 20))
        #expect(shallow.truncated)
        #expect(!shallow.root.textContent.contains("deep"))
        #expect(throws: HTMLError.self) { try HTMLTree.html(Array(many.utf8), limits: .init(maxInputBytes: 10)) }
    }

    @Test func xmlKeepsNamespacesAndRefusesMalformed() throws {
        let tree = try HTMLTree.xml(Array("<feed xmlns='http://www.w3.org/2005/Atom'><title>T</title></feed>".utf8))
        let feed = try #require(tree.root.elementChildren.first)
        #expect(feed.name == "feed" && feed.namespaceURI == "http://www.w3.org/2005/Atom")
        #expect(throws: HTMLError.self) { try HTMLTree.xml(Array("<a><b></a>".utf8)) }
    }

    @Test func latin1PageIsDecoded() throws {
        let bytes: [UInt8] = Array("<meta charset=iso-8859-1><p>".utf8) + [0x43, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x35] + Array("</p>".utf8)
        let tree = try HTMLTree.html(bytes)
        #expect(tree.root.textContent.contains("Café €5"))
    }
}
