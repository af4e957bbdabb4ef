import Foundation
import PostgresNIO

/// The shared-SQL surface over PostgresNIO (same statements as SQLite, placeholders renumbered).
extension PostgresConnection {
    func rows(_ sql: String, _ args: [SQLValue]) async throws -> [SQLRow] {
        try await rows(PostgresQuery(unsafeSQL: SQLDialect.postgres.render(sql), binds: PostgresConnection.bindings(args)))
    }

    static func bindings(_ args: [SQLValue]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: args.count)
        for a in args {
            switch a {
            case .null: binds.appendNull()
            case .int(let i): binds.append(i)
            case .double(let d): binds.append(d)
            case .text(let s): binds.append(s)
            case .blob(let b): binds.append(ByteBuffer(bytes: b))
            }
        }
        return binds
    }

    func rows(_ query: PostgresQuery) async throws -> [SQLRow] {
        let sequence = try await self.query(query, logger: PostgresStore.logger)
        var out: [SQLRow] = []
        for try await row in sequence {
            out.append(SQLRow(values: try row.map(PostgresConnection.value)))
        }
        return out
    }

    func one(_ sql: String, _ args: [SQLValue]) async throws -> SQLRow? {
        try await rows(sql, args).first
    }

    /// Executes a statement and returns how many rows it changed (from the command tag).
    @discardableResult
    func run(_ sql: String, _ args: [SQLValue]) async throws -> Int {
        try await run(PostgresQuery(unsafeSQL: SQLDialect.postgres.render(sql), binds: PostgresConnection.bindings(args)))
    }

    @discardableResult
    func run(_ query: PostgresQuery) async throws -> Int {
        let future: EventLoopFuture<PostgresQueryResult> = self.query(query, logger: PostgresStore.logger)
        return try await future.get().metadata.rows ?? 0
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard let bytes = cell.bytes else { return .null }
        switch cell.dataType {
        case .int8: return .int(try cell.decode(Int64.self))
        case .int4: return .int(Int64(try cell.decode(Int32.self)))
        case .int2: return .int(Int64(try cell.decode(Int16.self)))
        case .float8, .float4: return .double(try cell.decode(Double.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob(Array(bytes.readableBytesView))
        default: return .text(try cell.decode(String.self))
        }
    }
}
