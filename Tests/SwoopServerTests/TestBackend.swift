import Foundation
import SwoopStore
import SwoopTestSupport
import Testing

/// The databases every server test runs against: SQLite always, PostgreSQL when `SWOOP_TEST_POSTGRES_URL`
/// is set. When it is not set and `CI` is, the PostgreSQL cases still run and fail saying how to start one.
enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let all: [TestBackend] = ScratchDatabase.kinds.map { TestBackend(rawValue: $0.rawValue)! }

    /// A database of its own: a temp folder (also the data folder), or a fresh PostgreSQL schema.
    func makeDatabase() throws -> ScratchDatabase {
        try ScratchDatabase(ScratchDatabase.Kind(rawValue: rawValue)!, prefix: "swoop-server")
    }

    /// A migrated store on the database.
    func openStore(_ db: ScratchDatabase) async throws -> any Store { try await db.openStore() }

    /// Removes the database's data (drops the schema, deletes the folder).
    func dispose(_ db: ScratchDatabase) async { await db.dispose() }
}
