import Foundation
import GRDB
import SwoopModel
import Testing
@testable import SwoopStore

/// The settings that make an acknowledged SQLite write survive `kill -9` and power loss. The crash test
/// itself needs the server process (it kills it mid-write); this pins the configuration it relies on.
@Suite struct SQLiteDurabilityTests {
    @Test func everyConnectionIsWALWithFullSyncAndForeignKeys() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-dur-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await StoreFactory.open(url: nil, dataDirectory: dir)
        let sqlite = try #require(store as? SQLiteStore)
        #expect(sqlite.path == dir.appendingPathComponent("swoop.sqlite").path)
        let writer = try await sqlite.pool.write { db in
            [try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous").map(String.init),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys").map(String.init)]
        }
        let reader = try await sqlite.pool.read { db in
            [try Int.fetchOne(db, sql: "PRAGMA synchronous").map(String.init), try Int.fetchOne(db, sql: "PRAGMA foreign_keys").map(String.init)]
        }
        // synchronous 2 = FULL: the WAL is fsynced at every commit, before the call returns.
        #expect(writer == ["wal", "2", "1"])
        #expect(reader == ["2", "1"])
        await store.close()
    }

    @Test func acknowledgedWritesAreVisibleToAFreshOpen() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-dur-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await StoreFactory.open(url: nil, dataDirectory: dir)
        let seed = try await Seed.make(store)
        let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: ["a": 1], now: Seed.t0)
        _ = try await store.appendMetrics(run: run.id, batch: MetricBatch(points: [MetricPoint(step: 1, values: ["x": 2])]), now: Seed.t0)
        // A second pool on the same file (as after a restart) reads from the WAL without any checkpoint.
        let other = try await StoreFactory.open(url: "sqlite://" + dir.appendingPathComponent("swoop.sqlite").path, dataDirectory: dir)
        #expect(try await other.run(id: run.id).config == ["a": 1])
        #expect(try await other.metrics(run: run.id, since: 0, limit: 10).points == [MetricPoint(step: 1, values: ["x": 2])])
        await other.close()
        await store.close()
    }

    @Test func factoryReadsEveryLocationForm() throws {
        let data = URL(fileURLWithPath: "/data")
        #expect(try StoreFactory.location(url: nil, dataDirectory: data) == .sqlite(path: "/data/swoop.sqlite"))
        #expect(try StoreFactory.location(url: "sqlite:///tmp/x.db", dataDirectory: data) == .sqlite(path: "/tmp/x.db"))
        #expect(try StoreFactory.location(url: "db/main.sqlite", dataDirectory: data) == .sqlite(path: "/data/db/main.sqlite"))
        #expect(try StoreFactory.location(url: "/abs.sqlite", dataDirectory: data) == .sqlite(path: "/abs.sqlite"))
        let pg = try PostgresURL("postgres://u:p%40ss@db.local:6000/swoop?search_path=s1")
        #expect(try StoreFactory.location(url: "postgres://u:p%40ss@db.local:6000/swoop?search_path=s1", dataDirectory: data) == .postgres(pg))
        #expect(pg.user == "u")
        #expect(pg.password == "p@ss")
        #expect(pg.host == "db.local")
        #expect(pg.port == 6000)
        #expect(pg.database == "swoop")
        #expect(pg.schema == "s1")
        #expect(try PostgresURL("postgresql://u@h/d").port == 5432)
        #expect(throws: StoreError.self) { try StoreFactory.location(url: "sqlite://relative", dataDirectory: data) }
        #expect(throws: StoreError.self) { try StoreFactory.location(url: "mysql://x/y", dataDirectory: data) }
        #expect(throws: StoreError.self) { try PostgresURL("postgres://h/db") }
        #expect(throws: StoreError.self) { try PostgresURL("postgres://u@h/db?search_path=a;drop") }
    }
}
