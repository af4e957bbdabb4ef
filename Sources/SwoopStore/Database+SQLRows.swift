import Foundation
import GRDB

/// The shared-SQL surface over GRDB: statements are cached (prepared once per connection).
extension Database {
    func rows(_ sql: String, _ args: [SQLValue]) throws -> [SQLRow] {
        let statement = try cachedStatement(sql: SQLDialect.sqlite.render(sql))
        return try Row.fetchAll(statement, arguments: Database.arguments(args)).map { row in
            SQLRow(values: row.databaseValues.map(Database.value))
        }
    }

    func one(_ sql: String, _ args: [SQLValue]) throws -> SQLRow? {
        try rows(sql, args).first
    }

    /// Executes a statement and returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ args: [SQLValue]) throws -> Int {
        let statement = try cachedStatement(sql: SQLDialect.sqlite.render(sql))
        try statement.execute(arguments: Database.arguments(args))
        return changesCount
    }

    static func arguments(_ args: [SQLValue]) -> StatementArguments {
        StatementArguments(args.map { v -> DatabaseValue in
            switch v {
            case .null: return .null
            case .int(let i): return i.databaseValue
            case .double(let d): return d.databaseValue
            case .text(let s): return s.databaseValue
            case .blob(let b): return Data(b).databaseValue
            }
        })
    }

    static func value(_ v: DatabaseValue) -> SQLValue {
        switch v.storage {
        case .null: return .null
        case .int64(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .text(s)
        case .blob(let d): return .blob([UInt8](d))
        }
    }
}
