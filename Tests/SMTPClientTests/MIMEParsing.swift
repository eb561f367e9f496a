import Foundation

/// Just enough MIME parsing to check the renderer's output structure in tests.
struct ParsedPart {
    var headers: [(name: String, value: String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Splits at the first blank line and unfolds continuation lines.
    init(_ text: String) {
        let split = text.range(of: "\r\n\r\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        body = split.map { String(text[$0.upperBound...]) } ?? ""
        headers = []
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = headers.popLast() {
                headers.append((last.name, last.value + "\r\n" + line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
    }

    var boundary: String? {
        guard let contentType = header("Content-Type"), let range = contentType.range(of: "boundary=\"") else { return nil }
        return String(contentType[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The body parts between `--boundary` lines.
    func parts() -> [ParsedPart] {
        guard let boundary else { return [] }
        let sections = body.components(separatedBy: "--\(boundary)")
        guard sections.count >= 3, sections.last?.hasPrefix("--") == true else { return [] }
        return sections.dropFirst().dropLast().map { section in
            var trimmed = section
            if trimmed.hasPrefix("\r\n") { trimmed.removeFirst() }  // "\r\n" is one Character
            if trimmed.hasSuffix("\r\n") { trimmed.removeLast() }
            return ParsedPart(trimmed)
        }
    }

    /// The body with its Content-Transfer-Encoding undone.
    var decodedBody: String? {
        switch header("Content-Transfer-Encoding")?.lowercased() {
        case "base64":
            let compact = body.components(separatedBy: "\r\n").joined()
            return Data(base64Encoded: compact).flatMap { String(data: $0, encoding: .utf8) }
        case "quoted-printable":
            return decodeQuotedPrintable(body)
        default:
            return body
        }
    }
}

func decodeQuotedPrintable(_ text: String) -> String? {
    let bytes = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
    var output: [UInt8] = []
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "=") {
            guard index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16)
            else { return nil }
            output.append(value)
            index += 3
        } else {
            output.append(bytes[index])
            index += 1
        }
    }
    return String(bytes: output, encoding: .utf8)
}

/// Decodes a header made of RFC 2047 `=?UTF-8?B?…?=` words (folded with CRLF SP).
func decodeEncodedWords(_ value: String) -> String? {
    var output = ""
    for word in value.components(separatedBy: "\r\n ") {
        guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="), word.count <= 75 else { return nil }
        let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
        guard let data = Data(base64Encoded: String(payload)), let text = String(data: data, encoding: .utf8) else {
            return nil
        }
        output += text
    }
    return output
}
