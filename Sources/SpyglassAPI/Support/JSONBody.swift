import Foundation
import Hummingbird
import NIOCore
import SpyglassDomain
import SpyglassPipeline

/// A request's JSON object, read with a size limit, with typed field access
/// that collects every problem before answering (so a client fixes all at once).
struct JSONBody {
    private let fields: [String: JSONDocument]
    private(set) var errors: [FieldError] = []

    init(fields: [String: JSONDocument]) {
        self.fields = fields
    }

    static func read(_ request: Request, allowed: Set<String>) async throws -> JSONBody {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: APILimits.maximumBodyBytes)
        } catch {
            throw APIProblem.payloadTooLarge()
        }
        if let contentType = request.headers[.contentType], !Self.acceptable(contentType) {
            throw APIProblem(
                status: .unsupportedMediaType, kind: "unsupported-media-type", title: "Unsupported media type",
                detail: "send the body as application/json")
        }
        let value: JSONDocument
        do {
            value = try JSONDecoder().decode(JSONDocument.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIProblem.badRequest("the body is not valid JSON", kind: "malformed-json")
        }
        guard case .object(let fields) = value else {
            throw APIProblem.badRequest("the body must be a JSON object", kind: "malformed-json")
        }
        var body = JSONBody(fields: fields)
        for key in fields.keys.sorted() where !allowed.contains(key) {
            body.errors.append(FieldError(field: key, message: "is not a known field"))
        }
        return body
    }

    /// JSON, plus curl's default form type: `curl -d '{…}'` should just work.
    static func acceptable(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
            || type == "application/x-www-form-urlencoded"
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        switch fields[key] {
        case .none:
            if required { errors.append(FieldError(field: key, message: "is required")) }
            return nil
        case .string(let value): return value
        case .null where !required: return nil
        case .some(let other):
            errors.append(FieldError(field: key, message: "must be a string, not \(other.typeName)"))
            return nil
        }
    }

    /// Distinguishes "absent" (.none) from "explicitly null" (.some(nil)), for PATCH.
    mutating func nullableString(_ key: String) -> String?? {
        switch fields[key] {
        case .none: return .none
        case .null: return .some(nil)
        case .string(let value): return .some(value)
        case .some(let other):
            errors.append(FieldError(field: key, message: "must be a string or null, not \(other.typeName)"))
            return .none
        }
    }

    mutating func int(_ key: String) -> Int? {
        switch fields[key] {
        case .none: return nil
        case .number(let value) where value.rounded() == value && abs(value) < 1e15: return Int(value)
        case .some(let other):
            errors.append(FieldError(field: key, message: "must be an integer, not \(other.typeName)"))
            return nil
        }
    }

    mutating func bool(_ key: String) -> Bool? {
        switch fields[key] {
        case .none: return nil
        case .bool(let value): return value
        case .some(let other):
            errors.append(FieldError(field: key, message: "must be a boolean, not \(other.typeName)"))
            return nil
        }
    }

    mutating func stringArray(_ key: String) -> [String]? {
        switch fields[key] {
        case .none: return nil
        case .array(let values):
            var strings: [String] = []
            for value in values {
                guard case .string(let text) = value else {
                    errors.append(FieldError(field: key, message: "must be an array of strings"))
                    return nil
                }
                strings.append(text)
            }
            return strings
        case .some(let other):
            errors.append(FieldError(field: key, message: "must be an array of strings, not \(other.typeName)"))
            return nil
        }
    }

    /// A nested object, re-serialised as JSON for a decoder of its own.
    mutating func objectData(_ key: String) -> Data?? {
        switch fields[key] {
        case .none: return .none
        case .null: return .some(nil)
        case .object(let members):
            return .some(try? JSONSerialization.data(withJSONObject: JSONDocument.object(members).foundationValue))
        case .some(let other):
            errors.append(FieldError(field: key, message: "must be an object, not \(other.typeName)"))
            return .none
        }
    }

    mutating func add(_ error: FieldError?) {
        if let error { errors.append(error) }
    }

    /// Throws the collected problems, if any.
    func validate() throws {
        if !errors.isEmpty { throw APIProblem.validation(errors) }
    }
}
