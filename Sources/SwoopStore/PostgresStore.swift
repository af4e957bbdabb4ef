import Foundation
import PostgresNIO
import SwoopModel

/// The shared store on PostgreSQL through a `PostgresClient` connection pool.
///
/// The client's `run()` drives the pool for the store's lifetime in a task owned by the store; `close()`
/// ends it. Each call is one transaction at READ COMMITTED; the rows a call changes are locked
/// (`FOR UPDATE`, leasing with `FOR UPDATE SKIP LOCKED`) in a fixed order (item, run, sweep) so calls
/// never deadlock each other.
public final class PostgresStore: Store {
    static let logger = Logger(label: "swoop.store.postgres")

    let client: PostgresClient
    let url: PostgresURL
    private let runTask: Task<Void, Never>

    /// Connects lazily (the first call opens a connection); call `migrate()` before use.
    public init(url: PostgresURL, maximumConnections: Int = 20) {
        var config = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: url.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        config.options.maximumConnections = maximumConnections
        if let schema = url.schema {
            config.options.additionalStartupParameters = [("search_path", schema)]
        }
        self.url = url
        let client = PostgresClient(configuration: config, backgroundLogger: PostgresStore.logger)
        self.client = client
        runTask = Task { await client.run() }
    }

    public convenience init(url: String, maximumConnections: Int = 20) throws {
        self.init(url: try PostgresURL(url), maximumConnections: maximumConnections)
    }

    public func close() async {
        runTask.cancel()
        await runTask.value
    }

    /// Runs `body` in one transaction; any throw rolls it back and is reported as a `StoreError`.
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: PostgresStore.logger) { conn in try await body(conn) }
        } catch {
            throw PostgresStore.translate(error)
        }
    }

    /// Reads run in a transaction too, so a multi-statement read sees one consistent state per statement set.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await write(body)
    }

    static func translate(_ error: any Error) -> any Error {
        if let e = error as? PostgresTransactionError {
            if let inner = e.closureError { return translate(inner) }
            if let inner = e.commitError { return translate(inner) }
            if let inner = e.beginError { return translate(inner) }
        }
        if error is StoreError || error is CancellationError { return error }
        if let e = error as? PSQLError {
            let state = e.serverInfo?[.sqlState] ?? ""
            let message = e.serverInfo?[.message] ?? "\(e.code)"
            // 23xxx: integrity constraint violations (duplicate name, missing parent).
            if state.hasPrefix("23") { return StoreError.conflict(kind: "record", id: "", reason: message) }
            return StoreError.backend("\(message) (\(state.isEmpty ? "\(e.code)" : state))")
        }
        return StoreError.backend("\(error)")
    }

    /// Serializes migrations of concurrently starting servers (transaction-scoped advisory lock).
    static let migrationLock: Int64 = 0x5377_6F6F_70 // "Swoop"

    @discardableResult
    public func migrate() async throws -> [Int] {
        try await checkConnection()
        return try await migrate(upTo: Migrations.latestVersion)
    }

    /// Opens one connection outside the pool: a wrong password or an unreachable server is reported at
    /// once with the server's reason, where the pool would keep retrying and end with a vague error.
    public func checkConnection() async throws {
        var config = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: url.requireTLS ? .require(try .init(configuration: .makeClientConfiguration())) : .disable)
        config.options.connectTimeout = .seconds(10)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: config, id: 0, logger: PostgresStore.logger)
        } catch {
            throw StoreError.backend(
                "cannot connect to PostgreSQL at \(url.host):\(url.port) as \(url.user): \(PostgresStore.reason(error))")
        }
        try? await connection.close()
    }

    /// The server's message, or the underlying network error; PSQLError's own description hides both.
    static func reason(_ error: any Error) -> String {
        guard let e = error as? PSQLError else { return "\(error)" }
        if let message = e.serverInfo?[.message] { return message }
        if let underlying = e.underlying { return "\(underlying)" }
        return "\(e.code)"
    }

    /// Applies pending migrations up to `version` (tests use it to start from an older schema).
    @discardableResult
    func migrate(upTo version: Int) async throws -> [Int] {
        // Two servers starting together would race on CREATE ... IF NOT EXISTS (it can fail with a
        // duplicate error in PostgreSQL), so even these run under the migration lock.
        if let schema = url.schema {
            try await write { db in
                _ = try await db.rows("SELECT pg_advisory_xact_lock(?)", [.int(Self.migrationLock)])
                try await db.run("CREATE SCHEMA IF NOT EXISTS \(schema)", [])
            }
        }
        try await write { db in
            _ = try await db.rows("SELECT pg_advisory_xact_lock(?)", [.int(Self.migrationLock)])
            try await db.run(SQL.createMigrationsTable, [])
        }
        var applied: [Int] = []
        for m in Migrations.all where m.version <= version {
            let done = try await write { db -> Bool in
                _ = try await db.rows("SELECT pg_advisory_xact_lock(?)", [.int(Self.migrationLock)])
                if try await db.one(SQL.migrationApplied, [.int(Int64(m.version))]) != nil { return false }
                for statement in m.statements {
                    try await db.run(statement, [])
                }
                try await db.run(SQL.recordMigration, [.int(Int64(m.version)), .text(m.name), SQLValue(Date())])
                return true
            }
            if done { applied.append(m.version) }
        }
        return applied
    }

    public func schemaVersion() async throws -> Int {
        try await read { db in
            guard try await db.one("SELECT to_regclass('schema_migrations')::text", [])?.optString(0) != nil else { return 0 }
            return try await db.one(SQL.maxMigration, [])?.optInt(0) ?? 0
        }
    }
}
