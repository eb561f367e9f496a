import Foundation

/// A problem with one field of user input, named so the API can point at it.
public struct FieldError: Sendable, Equatable, Error {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

public enum Validate {
    public static let maximumURLLength = 2_048
    public static let maximumNameLength = 200

    /// An absolute http(s) URL with a host and no credentials in it.
    public static func webURL(_ text: String, field: String) -> FieldError? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return FieldError(field: field, message: "must not be empty") }
        guard trimmed.count <= maximumURLLength else {
            return FieldError(field: field, message: "must be at most \(maximumURLLength) characters")
        }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            return FieldError(field: field, message: "is not a valid absolute URL")
        }
        guard scheme == "http" || scheme == "https" else {
            return FieldError(field: field, message: "must use http or https, not \(scheme)")
        }
        guard let host = components.host, !host.isEmpty else {
            return FieldError(field: field, message: "must have a host")
        }
        guard components.user == nil, components.password == nil else {
            return FieldError(field: field, message: "must not contain credentials")
        }
        return nil
    }

    /// `mailto:` with 1 to 50 plain addresses (no names, no header tricks): an e-mail channel's URL.
    public static func mailto(_ url: String, field: String) -> FieldError? {
        let addresses = AlertChannel.emailAddresses(in: url)
        guard !addresses.isEmpty, addresses.count <= 50 else {
            return FieldError(field: field, message: "must be mailto: followed by 1 to 50 addresses, separated by commas")
        }
        for address in addresses {
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            let forbidden = address.contains { $0.isWhitespace || "<>\"\r\n".contains($0) }
            if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty || forbidden || address.count > 254 {
                return FieldError(field: field, message: "\"\(address)\" is not an e-mail address")
            }
        }
        return nil
    }

    public static func name(_ text: String, field: String) -> FieldError? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return FieldError(field: field, message: "must not be empty") }
        if trimmed.count > maximumNameLength {
            return FieldError(field: field, message: "must be at most \(maximumNameLength) characters")
        }
        return nil
    }

    public static func tags(_ tags: [String], field: String) -> FieldError? {
        if tags.count > 50 { return FieldError(field: field, message: "must have at most 50 tags") }
        for tag in tags where tag.isEmpty || tag.count > 64 {
            return FieldError(field: field, message: "each tag must be 1 to 64 characters")
        }
        return nil
    }

    public static func interval(_ seconds: Int, policy: CheckIntervalPolicy, field: String) -> FieldError? {
        if seconds < policy.minimumSeconds {
            return FieldError(field: field, message: "must be at least \(policy.minimumSeconds) seconds")
        }
        if seconds > policy.maximumSeconds {
            return FieldError(field: field, message: "must be at most \(policy.maximumSeconds) seconds")
        }
        return nil
    }
}
