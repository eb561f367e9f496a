import Foundation
import SQLMigrationLint

/// The migration corpus in `Corpus/` and the rules expected for each file (`Corpus/expected.json`).
struct Corpus {
    struct Expectation: Decodable {
        var rules: [String]
        /// Rules whose safe path the file demonstrates.
        var safeFor: [String]?
        /// The caller's code scan, for the expand/contract rules.
        var columnsInUse: [String]?
        var tablesInUse: [String]?
    }

    private struct ExpectationsFile: Decodable {
        var files: [String: Expectation]
    }

    struct File {
        var name: String
        var url: URL
        var script: String
    }

    var files: [File]
    var expectations: [String: Expectation]

    static func load() throws -> Corpus {
        guard let directory = Bundle.module.url(forResource: "Corpus", withExtension: nil) else {
            throw CorpusError(message: "the Corpus resource is missing from the test bundle")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }
            .sorted()
        let files = try names.map { name in
            let url = directory.appendingPathComponent(name)
            return File(name: name, url: url, script: try String(contentsOf: url, encoding: .utf8))
        }
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        let expectations = try JSONDecoder().decode(ExpectationsFile.self, from: data).files
        return Corpus(files: files, expectations: expectations)
    }
}

struct CorpusError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
