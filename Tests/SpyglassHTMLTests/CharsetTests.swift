import SpyglassHTML
import Testing

@Suite("Character encodings")
struct CharsetTests {
    /// "Café" / "Crème brûlée € 5" in windows-1252 (0x80 is the euro sign).
    static func latin1Page(meta: String) -> [UInt8] {
        Array("<html><head>\(meta)<title>Caf".utf8) + [0xE9]
            + Array("</title></head><body><p>Cr".utf8) + [0xE8] + Array("me br".utf8) + [0xFB] + Array("l".utf8) + [0xE9]
            + Array("e ".utf8) + [0x80] + Array(" 5</p></body></html>".utf8)
    }

    static func normalize(_ bytes: [UInt8], charset: String? = nil) throws(HTMLError) -> NormalizedText {
        try HTMLNormalizer().normalize(html: bytes, charset: charset)
    }

    @Test("<meta charset=iso-8859-1> is honoured (as windows-1252, like browsers)")
    func metaCharset() throws {
        let result = try Self.normalize(Self.latin1Page(meta: #"<meta charset="iso-8859-1">"#))
        #expect(result.title == "Café")
        #expect(result.lines == ["Crème brûlée € 5"])
    }

    @Test("<meta http-equiv=Content-Type content=…charset=…> is honoured")
    func metaHTTPEquiv() throws {
        let meta = #"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=ISO-8859-1">"#
        let result = try Self.normalize(Self.latin1Page(meta: meta))
        #expect(result.lines == ["Crème brûlée € 5"])
    }

    @Test("the caller's charset is honoured without a meta declaration")
    func callerCharset() throws {
        for label in ["iso-8859-1", "ISO-8859-1", " \"latin1\" ", "windows-1252"] {
            let result = try Self.normalize(Self.latin1Page(meta: ""), charset: label)
            #expect(result.title == "Café", "\(label)")
            #expect(result.lines == ["Crème brûlée € 5"], "\(label)")
        }
    }

    @Test("the caller's charset wins over a meta declaration")
    func callerWinsOverMeta() throws {
        let bytes = Array(#"<meta charset="iso-8859-1"><p>café</p>"#.utf8)
        #expect(try Self.normalize(bytes, charset: "utf-8").lines == ["café"])
        #expect(try Self.normalize(bytes).lines == ["cafÃ©"])  // what the page itself claims
    }

    @Test("UTF-8 is the default")
    func defaultUTF8() throws {
        #expect(try lines("<p>naïve café 日本語 🎉</p>") == ["naïve café 日本語 🎉"])
    }

    @Test("an undeclared Latin-1 page is sniffed as windows-1252")
    func undeclaredLatin1() throws {
        let result = try Self.normalize(Self.latin1Page(meta: ""))
        #expect(result.lines == ["Crème brûlée € 5"])
    }

    @Test("a UTF-8 page with a stray invalid byte keeps its UTF-8 text")
    func strayByte() throws {
        let declared = Array("<meta charset=utf-8><p>café ".utf8) + [0xFF] + Array(" ok</p><p>après</p>".utf8)
        #expect(try Self.normalize(declared).lines == ["café \u{FFFD} ok", "après"])
        let undeclared = Array("<p>café ".utf8) + [0xC3] + Array(" ok</p><p>après</p>".utf8)
        #expect(try Self.normalize(undeclared).lines == ["café \u{FFFD} ok", "après"])
    }

    @Test("an invalid sequence in a legacy encoding costs one character, not the rest")
    func brokenShiftJIS() throws {
        // 日本 in Shift_JIS, then a lead byte with an invalid trail byte.
        let bytes = Array("<p>".utf8) + [0x93, 0xFA, 0x96, 0x7B] + Array("</p><p>a".utf8) + [0x81]
            + Array("</p><p>after</p>".utf8)
        let result = try Self.normalize(bytes, charset: "Shift_JIS")
        #expect(result.lines.first == "日本")
        #expect(result.lines.last == "after")
        #expect(result.lines.count == 3)
    }

    @Test("an unknown or suspicious caller charset falls back to detection")
    func unknownCharset() throws {
        let bytes = Array("<p>café</p>".utf8)
        #expect(try Self.normalize(bytes, charset: "x-bogus-charset").lines == ["café"])
        #expect(try Self.normalize(bytes, charset: "utf-8//IGNORE").lines == ["café"])
        #expect(try Self.normalize(bytes, charset: "").lines == ["café"])
        #expect(try Self.normalize(Self.latin1Page(meta: ""), charset: "../../etc/passwd").lines == ["Crème brûlée € 5"])
    }

    @Test("a byte-order mark decides the encoding")
    func byteOrderMarks() throws {
        let utf16LE: [UInt8] = [0xFF, 0xFE] + "<p>héllo</p>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try Self.normalize(utf16LE).lines == ["héllo"])
        let utf16BE: [UInt8] = [0xFE, 0xFF] + "<p>héllo</p>".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try Self.normalize(utf16BE, charset: "iso-8859-1").lines == ["héllo"])
        let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<p>héllo</p>".utf8)
        #expect(try Self.normalize(utf8BOM).lines == ["héllo"])
    }

    @Test("a meta charset inside a comment is ignored")
    func metaInComment() throws {
        let bytes = Array("<!-- <meta charset=iso-8859-1> --><p>café</p>".utf8)
        #expect(try Self.normalize(bytes).lines == ["café"])
    }

    @Test("the charset parameter is read from a Content-Type value", arguments: [
        ("text/html; charset=UTF-8", "UTF-8"), ("text/html;charset=\"iso-8859-1\"", "\"iso-8859-1\""),
        ("text/html; Charset = utf-8 ", "utf-8"), ("text/html", nil), ("text/html; charset=", nil), ("", nil),
    ] as [(String, String?)])
    func contentTypeCharset(contentType: String, charset: String?) throws {
        #expect(HTMLNormalizer.charset(contentType: contentType) == charset)
    }

    @Test("a quoted charset from Content-Type works as the caller charset")
    func quotedCallerCharset() throws {
        let charset = HTMLNormalizer.charset(contentType: "text/html; charset=\"ISO-8859-1\"")
        #expect(try Self.normalize(Self.latin1Page(meta: ""), charset: charset).lines == ["Crème brûlée € 5"])
    }
}
