import Foundation

/// Finds the built `spyglass` executable the tests drive.
enum SpyglassBinary {
    /// `SPYGLASS_BINARY` if set, else a `spyglass` executable next to the test
    /// bundle or in one of its parent directories (SwiftPM puts both in
    /// `.build/<configuration>/`).
    static func locate() throws -> URL {
        let fileManager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["SPYGLASS_BINARY"], !explicit.isEmpty {
            guard isExecutableFile(explicit) else {
                throw E2EError(.binaryNotFound, "SPYGLASS_BINARY=\(explicit) is not an executable file")
            }
            return URL(fileURLWithPath: explicit)
        }
        var starts = [Bundle.main.bundleURL]
        if let first = CommandLine.arguments.first {
            starts.append(URL(fileURLWithPath: first, relativeTo: URL(fileURLWithPath: fileManager.currentDirectoryPath)))
        }
        var searched: [String] = []
        for start in starts {
            var directory = start.standardizedFileURL
            while directory.path != "/" {
                let candidate = directory.appendingPathComponent("spyglass").path
                if isExecutableFile(candidate) { return URL(fileURLWithPath: candidate) }
                searched.append(directory.path)
                directory.deleteLastPathComponent()
            }
        }
        throw E2EError(
            .binaryNotFound,
            "no spyglass executable found; build it first (swift build --product spyglass) or set SPYGLASS_BINARY. "
                + "Searched: \(searched.joined(separator: ", "))")
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return false
        }
        return FileManager.default.isExecutableFile(atPath: path)
    }
}
