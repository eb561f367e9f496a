/// The `NNNN_name.sql` naming rule: a decimal version, an underscore, then a
/// name of ASCII letters, digits, `_` and `-`.
enum MigrationFileName {
    static let maxNameLength = 200

    /// The version and name of a file called `fileName`, or an error naming it.
    static func parse(_ fileName: String) throws(MigrationSetError) -> (version: Int, name: String) {
        guard fileName.hasSuffix(".sql") else { throw invalid(fileName, "does not end in .sql") }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else {
            throw invalid(fileName, "has no '_' between the version and the name")
        }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw invalid(fileName, "does not start with a decimal version number")
        }
        // Eighteen digits always fit in an Int64; more would be a typo, not a version.
        guard digits.utf8.count <= 18, let version = Int(digits), version > 0 else {
            throw invalid(fileName, "has a version that is zero or too large")
        }
        guard !name.isEmpty, name.utf8.count <= maxNameLength,
            name.utf8.allSatisfy(isNameByte)
        else {
            throw invalid(fileName, "has a name that is empty, too long, or not made of letters, digits, '_' and '-'")
        }
        return (version, String(name))
    }

    /// The canonical file name of an in-memory migration.
    static func make(version: Int, name: String) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maxNameLength && name.utf8.allSatisfy(isNameByte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }

    private static func invalid(_ fileName: String, _ why: String) -> MigrationSetError {
        MigrationSetError(.invalidFileName, file: fileName, "\(fileName) \(why); expected NNNN_name.sql")
    }
}
