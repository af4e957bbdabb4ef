import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

@Suite struct MigrationTests {
    @Test(arguments: Backend.all)
    func migratingAgainIsANoOpAndKeepsData(_ backend: Backend) async throws {
        try await backend.withOpened { opened async throws in
            let store = opened.store
            #expect(try await store.schemaVersion() == Migrations.latestVersion)
            #expect(try await store.migrate() == [])
            let seed = try await Seed.make(store)
            // A second process starting on the same database applies nothing and sees the data.
            let second = try await StoreFactory.open(url: opened.url, dataDirectory: FileManager.default.temporaryDirectory)
            let again = try await second.migrate()
            let version = try await second.schemaVersion()
            let project = try await second.project(id: seed.project.id)
            await second.close()
            #expect(again == [])
            #expect(version == Migrations.latestVersion)
            #expect(project == seed.project)
        }
    }

    @Test func migrationsAreNumberedInOrder() {
        let versions = Migrations.all.map(\.version)
        #expect(versions == Array(1...versions.count))
    }

    @Test func freshSQLiteFileAppliesEveryMigrationOnce() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-mig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dir.appendingPathComponent("db.sqlite").path)
        #expect(try await store.schemaVersion() == 0)
        #expect(try await store.migrate() == Migrations.all.map(\.version))
        #expect(try await store.migrate() == [])
        #expect(try await store.schemaVersion() == Migrations.latestVersion)
        await store.close()
    }
}
