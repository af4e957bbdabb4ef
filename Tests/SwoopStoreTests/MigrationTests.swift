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

    /// A database left at an older version (an older server) is brought forward, keeping its data.
    @Test(arguments: Backend.all)
    func olderSchemaIsUpgradedInOrder(_ backend: Backend) async throws {
        try await backend.withOpened { opened async throws in
            // Start a second, empty database of the same kind at version 1 only.
            let old: any Store
            switch backend {
            case .sqlite:
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-old-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                let s = try SQLiteStore(path: dir.appendingPathComponent("old.sqlite").path)
                #expect(try await s.migrate(upTo: 1) == [1])
                old = s
            case .postgres:
                let url = opened.url.replacingOccurrences(of: "search_path=", with: "search_path=old")
                let s = PostgresStore(url: try PostgresURL(url))
                #expect(try await s.migrate(upTo: 1) == [1])
                old = s
            }
            #expect(try await old.schemaVersion() == 1)
            let e = try await old.createEntity(name: "kept", kind: .team, now: Seed.t0)
            #expect(try await old.migrate() == Array(2...Migrations.latestVersion))
            #expect(try await old.schemaVersion() == Migrations.latestVersion)
            #expect(try await old.entity(named: "kept") == e)
            let u = try await old.createUser(name: "u", email: nil, role: .member, entity: nil, now: Seed.t0)
            #expect(try await old.setMembership(entity: e.id, user: u.id, role: .member, now: Seed.t0).entityID == e.id)
            if let pg = old as? PostgresStore, let schema = pg.url.schema {
                _ = try await pg.write { db in try await db.run("DROP SCHEMA \(schema) CASCADE", []) }
            }
            if let s = old as? SQLiteStore {
                await s.close()
                try? FileManager.default.removeItem(atPath: (s.path as NSString).deletingLastPathComponent)
            } else {
                await old.close()
            }
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

@Suite struct ConcurrentMigrationTests {
    /// Several servers starting on one new database at once: each migration is applied exactly once.
    @Test(arguments: Backend.all)
    func simultaneousStartsApplyEachMigrationOnce(_ backend: Backend) async throws {
        try await backend.withOpened { opened async throws in
            // A second, empty database of the same kind that nobody has migrated yet.
            let url: String
            var cleanup: [String] = []
            switch backend {
            case .sqlite:
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-race-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                url = "sqlite://" + dir.appendingPathComponent("race.sqlite").path
                cleanup.append(dir.path)
            case .postgres:
                url = opened.url.replacingOccurrences(of: "search_path=", with: "search_path=race")
            }
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let store: any Store = url.hasPrefix("sqlite://")
                            ? try SQLiteStore(path: String(url.dropFirst("sqlite://".count)))
                            : PostgresStore(url: try PostgresURL(url))
                        do {
                            let versions = try await store.migrate()
                            await store.close()
                            return versions
                        } catch {
                            await store.close()
                            throw error
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(applied.sorted() == Migrations.all.map(\.version))
            if backend == .postgres {
                let pg = PostgresStore(url: try PostgresURL(url))
                #expect(try await pg.schemaVersion() == Migrations.latestVersion)
                _ = try await pg.write { db in try await db.run("DROP SCHEMA \(try PostgresURL(url).schema!) CASCADE", []) }
                await pg.close()
            }
            for path in cleanup { try? FileManager.default.removeItem(atPath: path) }
        }
    }
}
