import Foundation
import PostgresNIO
import SwoopStore

/// An empty database of one test's own: SQLite in a fresh temp folder (also its data folder), or a fresh
/// schema on the PostgreSQL at `SWOOP_TEST_POSTGRES_URL`. `dispose()` removes it.
public struct ScratchDatabase: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case sqlite, postgres }

    /// The backends to run on: SQLite always, PostgreSQL when configured or when CI runs the tests (then a
    /// missing PostgreSQL fails the case with `MissingPostgres` instead of leaving it out).
    public static var kinds: [Kind] { TestEnvironment.postgresURL != nil || TestEnvironment.isCI ? [.sqlite, .postgres] : [.sqlite] }

    public let kind: Kind
    /// What `StoreFactory.open` and `swoop server --db` take.
    public let url: String
    public let dataDirectory: URL
    /// The PostgreSQL schema (nil on SQLite).
    public let schema: String?

    public init(_ kind: Kind, prefix: String = "swoop-test") throws {
        self.kind = kind
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            url = "sqlite://" + dataDirectory.appendingPathComponent(StoreFactory.defaultFileName).path
            schema = nil
        case .postgres:
            guard let base = TestEnvironment.postgresURL else { throw TestEnvironment.MissingPostgres() }
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            url = base + (base.contains("?") ? "&" : "?") + "search_path=\(name)"
            schema = String(name)
        }
    }

    /// A migrated store on the database. Tests run in parallel, each with its own pool: pools stay small so
    /// PostgreSQL's max_connections (100 by default) is never the limit.
    public func openStore(maximumConnections: Int = 8) async throws -> any Store {
        guard kind == .postgres else { return try await StoreFactory.open(url: url, dataDirectory: dataDirectory) }
        let store = PostgresStore(url: try PostgresURL(url), maximumConnections: maximumConnections)
        do {
            _ = try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Drops the schema and deletes the folder; close the stores on it first.
    public func dispose() async {
        if let schema, let parsed = try? PostgresURL(url) {
            let client = PostgresClient(configuration: PostgresClient.Configuration(
                host: parsed.host, port: parsed.port, username: parsed.user, password: parsed.password, database: parsed.database,
                tls: .disable))
            let running = Task { await client.run() }
            _ = try? await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
            running.cancel()
            await running.value
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}
