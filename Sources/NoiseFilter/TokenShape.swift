/// Tests on the shape of a token: does it look machine-generated rather than written?
enum TokenShape {
    private struct Classes {
        var upper = 0, lower = 0, digits = 0, hexLetters = 0, other = 0
        /// Changes between upper, lower, digit and other from one character to the next.
        var transitions = 0

        init(_ token: Substring) {
            var previous = -1
            for byte in token.utf8 {
                let kind: Int
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    upper += 1
                    kind = 0
                    if byte <= UInt8(ascii: "F") { hexLetters += 1 }
                case UInt8(ascii: "a")...UInt8(ascii: "z"):
                    lower += 1
                    kind = 1
                    if byte <= UInt8(ascii: "f") { hexLetters += 1 }
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    digits += 1
                    kind = 2
                default:
                    other += 1
                    kind = 3
                }
                if previous >= 0 && kind != previous { transitions += 1 }
                previous = kind
            }
        }

        var letters: Int { upper + lower }
        var isHex: Bool { other == 0 && hexLetters == letters }
    }

    /// 16 or more hex digits with at least one digit and one letter: hashes, nonces, ids.
    static func isHexToken(_ token: Substring) -> Bool {
        let classes = Classes(token)
        return token.utf8.count >= 16 && classes.isHex && classes.digits > 0 && classes.letters > 0
    }

    /// A base64 or base64url run of 20 or more characters that mixes upper case, lower case and
    /// digits *within* a segment and switches class often. Slugs ("State-of-the-Art-2026") and
    /// identifiers ("iPhone15ProMax") fail one of these.
    static func looksRandom(_ token: Substring) -> Bool {
        let body = token.prefix { $0 != "=" }  // base64 padding comes last
        let classes = Classes(body)
        guard body.utf8.count >= 20, classes.upper > 0, classes.lower > 0, classes.digits > 0,
              classes.transitions * 3 >= body.utf8.count
        else { return false }
        return body.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "+" }).contains { segment in
            let segmentClasses = Classes(segment)
            return segment.utf8.count >= 8 && segmentClasses.letters > 0 && segmentClasses.digits > 0
        }
    }

    /// The hash part of a fingerprinted asset name ("app.3f2a9c1d.js", "index-BvX7a1c9.js",
    /// "main-20260101.css"): hex with a digit and a letter, eight or more digits, or a mixed-case
    /// run with digits that switches class often.
    static func isAssetHash(_ token: Substring) -> Bool {
        let classes = Classes(token)
        let length = token.utf8.count
        if classes.isHex && classes.digits > 0 && classes.letters > 0 && length >= 6 { return true }
        if classes.digits == length && length >= 8 { return true }
        return length >= 8 && classes.upper > 0 && classes.lower > 0 && classes.digits > 0
            && classes.transitions * 3 >= length
    }
}
