import Foundation
import Testing
@testable import SwoopStore

/// The databases every store test runs against.
///
/// PostgreSQL runs when `SWOOP_TEST_POSTGRES_URL` is set. When it is not set and `CI` is, the PostgreSQL
/// cases still run and fail with a message saying so; only outside CI are they left out.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SWOOP_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0 != "false" } ?? false
    }

    static let all: [Backend] = postgresURL != nil || isCI ? [.sqlite, .postgres] : [.sqlite]

    struct MissingPostgres: Error, CustomStringConvertible {
        var description: String {
            "SWOOP_TEST_POSTGRES_URL is not set but CI is: start PostgreSQL with "
                + "`PG_DIR=/tmp/swoop-pg PGPORT=5433 scripts/ci/pg-up.sh` and export "
                + "SWOOP_TEST_POSTGRES_URL=postgres://swoop:swoop@127.0.0.1:5433/swoop"
        }
    }

    /// A migrated store in a place of its own (a temp folder, or a fresh PostgreSQL schema), removed afterwards.
    func withStore(_ body: (any Store) async throws -> Void) async throws {
        try await withOpened { try await body($0.store) }
    }

    /// Like `withStore`, with the store's URL so a test can open a second store on the same database.
    func withOpened(_ body: (Opened) async throws -> Void) async throws {
        let opened = try await open()
        do {
            try await body(opened)
            await opened.dispose()
        } catch {
            await opened.dispose()
            throw error
        }
    }

    struct Opened: Sendable {
        let store: any Store
        let url: String
        let dispose: @Sendable () async -> Void
    }

    /// Opens an empty, migrated store; `dispose` closes it and deletes its data.
    func open() async throws -> Opened {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-store-\(UUID().uuidString)")
            let url = "sqlite://" + dir.appendingPathComponent("test.sqlite").path
            let store = try await StoreFactory.open(url: url, dataDirectory: dir)
            return Opened(store: store, url: url) {
                await store.close()
                try? FileManager.default.removeItem(at: dir)
            }
        case .postgres:
            guard let base = Backend.postgresURL else { throw MissingPostgres() }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let url = base + (base.contains("?") ? "&" : "?") + "search_path=\(schema)"
            // Tests run in parallel, each with its own pool: keep pools small so the server's
            // max_connections (100 by default) is never the limit.
            let store = PostgresStore(url: try PostgresURL(url), maximumConnections: 10)
            do {
                try await store.migrate()
            } catch {
                await store.close()
                throw error
            }
            return Opened(store: store, url: url) {
                _ = try? await store.write { db in try await db.run("DROP SCHEMA \(schema) CASCADE", []) }
                await store.close()
            }
        }
    }
}
