import Foundation
import SwoopTestSupport
import Testing
@testable import SwoopStore

/// The databases every store test runs against.
///
/// PostgreSQL runs when `SWOOP_TEST_POSTGRES_URL` is set. When it is not set and `CI` is, the PostgreSQL
/// cases still run and fail with a message saying so; only outside CI are they left out.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let all: [Backend] = ScratchDatabase.kinds.map { Backend(rawValue: $0.rawValue)! }

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
        let db = try ScratchDatabase(ScratchDatabase.Kind(rawValue: rawValue)!, prefix: "swoop-store")
        let store = try await db.openStore(maximumConnections: 10)
        return Opened(store: store, url: db.url) {
            await store.close()
            await db.dispose()
        }
    }
}
