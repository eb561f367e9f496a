/// Why a directory of migration files cannot be used. `Code` is a struct so
/// that new codes never break callers that switch over the ones they know.
public struct MigrationSetError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The directory cannot be listed.
        public static let unreadableDirectory = Code("unreadable_directory")
        /// A `.sql` file is not named `NNNN_name.sql`.
        public static let invalidFileName = Code("invalid_file_name")
        /// Two files (or two migrations) share a version number.
        public static let duplicateVersion = Code("duplicate_version")
        /// A file cannot be read.
        public static let unreadableFile = Code("unreadable_file")
        /// A file is not valid UTF-8.
        public static let notUTF8 = Code("not_utf8")
        /// A `-- migrate:` directive is not one this runner knows.
        public static let unknownDirective = Code("unknown_directive")
        /// The script cannot be split into statements (an unterminated quote or comment).
        public static let unsplittableScript = Code("unsplittable_script")
    }

    public var code: Code
    /// The file concerned, e.g. "0003_add_index.sql"; empty for the directory itself.
    public var file: String
    /// One line, fit to show a user.
    public var message: String

    public init(_ code: Code, file: String, _ message: String) {
        self.code = code
        self.file = file
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
