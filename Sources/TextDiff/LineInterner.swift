/// Maps each distinct line to a small integer so the diff compares Ints, not Strings.
///
/// Lines are equal when their UTF-8 bytes are equal (as in GNU diff). Swift's own `String ==`
/// uses canonical equivalence, which would hide a change from "é" (U+00E9) to "e\u{301}".
struct LineInterner {
    private var codes: [ByteExactLine: Int] = [:]

    init(capacity: Int) {
        codes.reserveCapacity(capacity)
    }

    /// Number of distinct lines seen so far; codes are `0..<count`.
    var count: Int { codes.count }

    mutating func codes(for lines: [String]) -> [Int] {
        lines.map { line in
            let key = ByteExactLine(text: line)
            if let code = codes[key] {
                return code
            }
            let code = codes.count
            codes[key] = code
            return code
        }
    }
}

private struct ByteExactLine: Hashable {
    let text: String

    static func == (lhs: ByteExactLine, rhs: ByteExactLine) -> Bool {
        guard lhs.text.utf8.count == rhs.text.utf8.count else { return false }
        var left = lhs.text
        var right = rhs.text
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in leftBytes.elementsEqual(rightBytes) }
        }
    }

    func hash(into hasher: inout Hasher) {
        var bytes = text
        bytes.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
