import Testing

@testable import SMTPClient

private func encoded(_ text: String) -> String {
    String(decoding: SMTPDataEncoding.encode(text), as: UTF8.self)
}

@Test func dotStuffsLinesStartingWithDot() {
    #expect(encoded(".hidden\r\nok\r\n..two\r\n") == "..hidden\r\nok\r\n...two\r\n.\r\n")
}

@Test func aLoneDotLineCannotEndTheMessageEarly() {
    #expect(encoded("before\r\n.\r\nafter") == "before\r\n..\r\nafter\r\n.\r\n")
}

@Test func dotInsideALineIsLeftAlone() {
    #expect(encoded("a.b .c\r\n") == "a.b .c\r\n.\r\n")
}

@Test func normalisesEveryLineBreakToCRLF() {
    #expect(encoded("lf\ncr\rcrlf\r\nend") == "lf\r\ncr\r\ncrlf\r\nend\r\n.\r\n")
    #expect(encoded("\n\n") == "\r\n\r\n.\r\n")
    #expect(encoded("\r\r\n") == "\r\n\r\n.\r\n")
}

@Test func normalisedBareLineFeedThenDotIsStuffed() {
    #expect(encoded("x\n.y") == "x\r\n..y\r\n.\r\n")
}

@Test func emptyMessageIsJustTheTerminator() {
    #expect(encoded("") == ".\r\n")
}

@Test func outputHasNoBareCROrLF() {
    let bytes = SMTPDataEncoding.encode("a\rb\nc\r\n\n\r.d\r")
    for (index, byte) in bytes.enumerated() {
        if byte == UInt8(ascii: "\r") { #expect(index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n")) }
        if byte == UInt8(ascii: "\n") { #expect(index > 0 && bytes[index - 1] == UInt8(ascii: "\r")) }
    }
}
