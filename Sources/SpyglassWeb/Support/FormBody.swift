import Foundation
import Hummingbird
import NIOCore

/// An `application/x-www-form-urlencoded` body, read with a size limit. Field
/// values are outside input: every reader trims and bounds them.
struct FormBody: Sendable, Equatable {
    static let maximumBytes = 64 * 1_024
    /// Longest value kept for any field; longer ones are cut.
    static let maximumValueLength = 10_000

    let pairs: [(String, String)]

    init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    static func == (lhs: FormBody, rhs: FormBody) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0 == $1 }
    }

    /// The first value of `name`, trimmed; nil when absent or empty.
    subscript(_ name: String) -> String? {
        guard let value = pairs.first(where: { $0.0 == name })?.1 else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Every non-empty value of `name`, trimmed, in order (checkboxes of one name).
    func all(_ name: String) -> [String] {
        pairs.filter { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The first value of `name` exactly as sent (passwords keep their spaces).
    func raw(_ name: String) -> String? {
        pairs.first(where: { $0.0 == name })?.1
    }

    static func read(_ request: inout Request) async throws(WebError) -> FormBody {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBytes)
        } catch {
            throw WebError(code: .badRequest, status: .contentTooLarge, title: "Form too large",
                           message: "The form is larger than \(maximumBytes / 1_024) KB.")
        }
        return parse(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// `a=1&b=two+words&c=%3Cx%3E`; malformed escapes keep their text as sent.
    static func parse(_ text: String) -> FormBody {
        var pairs: [(String, String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(halves[0])
            let value = halves.count > 1 ? decode(halves[1]) : ""
            pairs.append((name, String(value.prefix(maximumValueLength))))
        }
        return FormBody(pairs: pairs)
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
