import Foundation
import SpyglassDomain

/// The rules of the dashboard's forms that are not the domain's.
enum FormRules {
    static let minimumPasswordLength = 10
    static let maximumPasswordLength = 1_024

    /// Nil when `password` is acceptable, else what is wrong with it.
    static func passwordProblem(_ password: String?, confirmation: String?) -> String? {
        guard let password, !password.isEmpty else { return "Enter a password." }
        if password.count < minimumPasswordLength {
            return "The password must have at least \(minimumPasswordLength) characters."
        }
        if password.count > maximumPasswordLength {
            return "The password must have at most \(maximumPasswordLength) characters."
        }
        if let confirmation, confirmation != password { return "The two passwords differ." }
        return nil
    }

    /// A plausible address (something@domain.tld, no spaces, at most 254 characters); the
    /// normalised form, or nil.
    static func email(_ text: String?) -> String? {
        guard let text else { return nil }
        let email = User.normalizedEmail(text)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              email.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" })
        else { return nil }
        return email
    }
}
