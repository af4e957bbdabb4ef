import Foundation
import GRDB
import SwoopModel

/// The embedded store: one SQLite file in WAL mode through a GRDB `DatabasePool` (one writer, many readers).
///
/// Durability: `synchronous=FULL` makes SQLite fsync the WAL at every commit, so a call that returned
/// survives `kill -9` of the process and a power cut. Every write runs in `BEGIN IMMEDIATE`, which takes
/// the file's write lock up front, so several processes on one file never interleave a lease.
public final class SQLiteStore: Store {
    let pool: DatabasePool
    let groupCommit: SQLiteGroupCommit
    public let path: String

    /// Opens (creating if needed) the database file; call `migrate()` before use.
    public init(path: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Other processes (a second server, the CLI) may hold the write lock briefly; wait rather than fail.
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        self.path = path
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // The pool switches its writer to WAL with synchronous=NORMAL after `prepareDatabase` ran;
            // NORMAL may lose the last commits on power loss, so the writer is set back to FULL here.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            throw StoreError.backend("cannot open SQLite database at \(path): \(error)")
        }
        groupCommit = SQLiteGroupCommit(pool: pool)
    }

    public func close() async {
        try? pool.close()
    }

    /// Runs `body` atomically in a `BEGIN IMMEDIATE` transaction (shared with concurrent writes, each in
    /// its own savepoint); any throw rolls back `body`'s statements only.
    ///
    /// `fsync: false` commits without waiting for the disk (synchronous=NORMAL for this one commit): the
    /// commit still survives `kill -9` (it is in the WAL, in the OS's cache) and becomes power-safe with
    /// the next synchronous commit, which syncs the whole WAL. Only for records whose loss on power cut
    /// is harmless, such as an idempotency answer recorded after its write was committed durably.
    func write<T: Sendable>(fsync: Bool = true, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        // Concurrent writes share one transaction and one fsync (group commit); each still commits or
        // rolls back as a whole, and returns only once its commit is durable.
        let value = try await groupCommit.submit(fsync: fsync) { db in try body(db) }
        return value as! T
    }

    /// Runs `body` on a read snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw SQLiteStore.translate(error)
        }
    }

    static func translate(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        if let e = error as? DatabaseError {
            if e.resultCode == .SQLITE_CONSTRAINT {
                return StoreError.conflict(kind: "record", id: "", reason: e.message ?? "constraint violated")
            }
            return StoreError.backend(e.description)
        }
        return error
    }

    @discardableResult
    public func migrate() async throws -> [Int] {
        try await migrate(upTo: Migrations.latestVersion)
    }

    /// Applies pending migrations up to `version` (tests use it to start from an older schema).
    @discardableResult
    func migrate(upTo version: Int) async throws -> [Int] {
        var applied: [Int] = []
        _ = try await write { db in try db.run(SQL.createMigrationsTable, []) }
        for m in Migrations.all where m.version <= version {
            let done = try await write { db -> Bool in
                if try db.one(SQL.migrationApplied, [.int(Int64(m.version))]) != nil { return false }
                for statement in m.statements {
                    try db.execute(sql: SQLDialect.sqlite.render(statement))
                }
                try db.run(SQL.recordMigration, [.int(Int64(m.version)), .text(m.name), SQLValue(Date())])
                return true
            }
            if done { applied.append(m.version) }
        }
        return applied
    }

    public func schemaVersion() async throws -> Int {
        try await read { db in
            guard try db.tableExists("schema_migrations") else { return 0 }
            return try db.one(SQL.maxMigration, [])?.optInt(0) ?? 0
        }
    }
}
