import PostgresTestSupport
import Synchronization
import Testing

/// The PostgreSQL databases made during one test, kept alive (their pool runs
/// as long as they do) and dropped when the test ends. The scope is the
/// `.dropsTestDatabases` trait, which every contract suite carries.
final class TestDatabases: Sendable {
    @TaskLocal static var current: TestDatabases?

    private let made = Mutex<[TestDatabase]>([])

    /// A fresh migrated database that lives until the end of the current test.
    static func make() async throws -> TestDatabase {
        guard let current else {
            throw TestPostgresUnavailable(message: "a PostgreSQL contract test needs the .dropsTestDatabases trait")
        }
        guard let database = try await TestDatabase.make() else {
            throw TestPostgresUnavailable(
                message: "\(TestPostgresServer.variable) is set but names no server: \(TestPostgresServer.skipMessage)")
        }
        current.made.withLock { $0.append(database) }
        return database
    }

    func dropAll() async {
        for database in made.withLock({ made in defer { made = [] }; return made }) {
            await database.drop()
        }
    }
}

/// Gives each test (each case of a parameterised one) its own `TestDatabases`.
struct DropsTestDatabases: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let databases = TestDatabases()
        do {
            try await TestDatabases.$current.withValue(databases) { try await function() }
        } catch {
            await databases.dropAll()
            throw error
        }
        await databases.dropAll()
    }
}

extension Trait where Self == DropsTestDatabases {
    static var dropsTestDatabases: Self { Self() }
}
