import Foundation
import GRDB
import Testing
@testable import SwoopStore

/// Group commit on SQLite: concurrent writes share one transaction and fsync, yet each is answered only
/// once committed, and a write that fails is rolled back alone.
@Suite struct SQLiteGroupCommitTests {
    /// A store on a fresh file with a scratch table, and a second connection that can hold the write lock
    /// (as another process would), so writes pile up behind it deterministically.
    struct Fixture {
        let dir: URL
        let store: SQLiteStore
        let other: DatabaseQueue

        init() async throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-gc-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            store = try SQLiteStore(path: dir.appendingPathComponent("gc.sqlite").path)
            _ = try await store.write { db in try db.execute(sql: "CREATE TABLE gc (k TEXT PRIMARY KEY, v INTEGER)") }
            var config = Configuration()
            config.busyMode = .timeout(30)
            // It holds its transaction open across calls on purpose.
            config.allowsUnsafeTransactions = true
            other = try DatabaseQueue(path: store.path, configuration: config)
        }

        /// Holds the file's write lock from the second connection until `release` is called.
        func holdWriteLock() throws { try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") } }
        func release() throws { try other.inDatabase { db in try db.execute(sql: "COMMIT") } }

        /// Waits (bounded) until the store has received `count` writes in all.
        func waitForSubmissions(_ count: Int) async throws {
            for _ in 0..<1000 where await store.groupCommit.received < count { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await store.groupCommit.received >= count)
        }

        /// Whether a fresh connection (outside this process's writer) sees the row: i.e. it is committed.
        func committed(_ key: String) throws -> Bool {
            try other.read { db in try Int.fetchOne(db, sql: "SELECT v FROM gc WHERE k = ?", arguments: [key]) != nil }
        }

        func keys() throws -> [String] {
            try other.read { db in try String.fetchAll(db, sql: "SELECT k FROM gc ORDER BY k") }
        }

        func close() async {
            await store.close()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    actor Counter {
        var value = 0
        func add() { value += 1 }
    }

    @Test func concurrentWritesShareCommitsAndReturnOnlyOnceCommitted() async throws {
        let f = try await Fixture()
        let before = await f.store.groupCommit.commits
        try f.holdWriteLock()
        let returned = Counter()
        let n = 20
        let task = Task {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<n {
                    group.addTask {
                        let key = "k\(i)"
                        _ = try await f.store.write { db in try db.execute(sql: "INSERT INTO gc VALUES (?, ?)", arguments: [key, i]) }
                        await returned.add()
                        // Answered, so another connection must already see it.
                        return try f.committed(key)
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
        }
        try await f.waitForSubmissions(n + 1)
        // Nothing can commit while the other connection holds the lock, so nothing may have been answered.
        #expect(await returned.value == 0)
        try f.release()
        let seen = try await task.value
        #expect(seen.count == n)
        #expect(seen.allSatisfy { $0 })
        #expect(try f.keys().count == n)
        // The first write's batch was already waiting on the lock; the other writes piled up behind it and
        // went into (at most) one more commit each of up to 64.
        let commits = await f.store.groupCommit.commits - before
        #expect(commits <= 3, "\(n) writes took \(commits) commits")
        await f.close()
    }

    @Test func aFailingWriteIsRolledBackAloneAndTheRestOfItsBatchCommits() async throws {
        let f = try await Fixture()
        _ = try await f.store.write { db in try db.execute(sql: "INSERT INTO gc VALUES ('taken', 0)") }
        let before = await f.store.groupCommit.commits
        try f.holdWriteLock()
        let n = 12
        let task = Task {
            await withTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
                for i in 0..<n {
                    group.addTask {
                        do {
                            let v = try await f.store.write { db -> Int in
                                try db.execute(sql: "INSERT INTO gc VALUES (?, ?)", arguments: [i % 2 == 0 ? "ok\(i)" : "bad\(i)", i])
                                // Odd writes then break a constraint: their first insert must not survive.
                                if i % 2 == 1 { try db.execute(sql: "INSERT INTO gc VALUES ('taken', ?)", arguments: [i]) }
                                return i
                            }
                            return (i, .success(v))
                        } catch {
                            return (i, .failure(error))
                        }
                    }
                }
                return await group.reduce(into: [Int: Result<Int, any Error>]()) { $0[$1.0] = $1.1 }
            }
        }
        try await f.waitForSubmissions(n + 2)
        try f.release()
        let results = await task.value
        for i in 0..<n {
            switch results[i] {
            case .success(let v)?:
                #expect(i % 2 == 0 && v == i, "write \(i) succeeded")
            case .failure(let e)?:
                #expect(i % 2 == 1, "write \(i) failed: \(e)")
                guard case StoreError.conflict = e else { Issue.record("write \(i): expected a conflict, got \(e)"); continue }
            case nil:
                Issue.record("write \(i) has no result")
            }
        }
        let expected = (["taken"] + stride(from: 0, to: n, by: 2).map { "ok\($0)" }).sorted()
        #expect(try f.keys() == expected)
        let commits = await f.store.groupCommit.commits - before
        #expect(commits <= 3, "\(n) writes took \(commits) commits")
        await f.close()
    }
}
