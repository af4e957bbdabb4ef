import Foundation
import Testing
@testable import SwoopStore

/// The databases every server test runs against: SQLite always, PostgreSQL when `SWOOP_TEST_POSTGRES_URL`
/// is set. When it is not set and `CI` is, the PostgreSQL cases still run and fail saying how to start one.
enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SWOOP_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0 != "false" } ?? false
    }

    static let all: [TestBackend] = postgresURL != nil || isCI ? [.sqlite, .postgres] : [.sqlite]

    struct MissingPostgres: Error, CustomStringConvertible {
        var description: String {
            "SWOOP_TEST_POSTGRES_URL is not set but CI is: start PostgreSQL with "
                + "`PG_DIR=/tmp/swoop-pg PGPORT=5433 scripts/ci/pg-up.sh` and export "
                + "SWOOP_TEST_POSTGRES_URL=postgres://swoop:swoop@127.0.0.1:5433/swoop"
        }
    }

    /// A database of its own: a temp folder (also the data folder), or a fresh PostgreSQL schema.
    struct Database: Sendable {
        /// The `--db` value (nil: the SQLite default inside `dataDirectory`).
        let url: String?
        let dataDirectory: URL
        let schema: String?
    }

    func makeDatabase() throws -> Database {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        switch self {
        case .sqlite:
            return Database(url: nil, dataDirectory: dir, schema: nil)
        case .postgres:
            guard let base = TestBackend.postgresURL else { throw MissingPostgres() }
            let schema = "s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            return Database(url: base + (base.contains("?") ? "&" : "?") + "search_path=\(schema)", dataDirectory: dir, schema: String(schema))
        }
    }

    /// A migrated store on the database. PostgreSQL pools stay small: tests run in parallel, each with its
    /// own pool, and the server's max_connections must never be the limit.
    func openStore(_ db: Database) async throws -> any Store {
        guard let url = db.url, self == .postgres else {
            return try await StoreFactory.open(url: db.url, dataDirectory: db.dataDirectory)
        }
        let store = PostgresStore(url: try PostgresURL(url), maximumConnections: 8)
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Removes the database's data (drops the schema, deletes the folder).
    func dispose(_ db: Database) async {
        if let schema = db.schema, let url = db.url, let parsed = try? PostgresURL(url) {
            let store = PostgresStore(url: parsed, maximumConnections: 1)
            _ = try? await store.write { conn in try await conn.run("DROP SCHEMA \(schema) CASCADE", []) }
            await store.close()
        }
        try? FileManager.default.removeItem(at: db.dataDirectory)
    }
}
