import Foundation

/// The parts of `postgres://user:pass@host:port/db?search_path=schema&sslmode=require`.
public struct PostgresURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// The schema tables live in (PostgreSQL `search_path`); nil means the server default (`public`).
    public var schema: String?
    /// TLS is off unless `sslmode=require` (the servers Swoop targets first are local or on a private network).
    public var requireTLS: Bool

    public init(_ text: String) throws {
        guard let c = URLComponents(string: text), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw StoreError.invalid(field: "db", reason: "expected postgres://user:pass@host[:port]/database")
        }
        guard let host = c.host, !host.isEmpty else { throw StoreError.invalid(field: "db", reason: "the URL has no host") }
        guard let user = c.user, !user.isEmpty else { throw StoreError.invalid(field: "db", reason: "the URL has no user") }
        let db = String(c.path.drop(while: { $0 == "/" }))
        guard !db.isEmpty else { throw StoreError.invalid(field: "db", reason: "the URL names no database") }
        self.host = host
        self.port = c.port ?? 5432
        self.user = user
        self.password = c.password
        self.database = db
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, b in b })
        self.schema = query["search_path"].flatMap { $0.isEmpty ? nil : $0 }
        self.requireTLS = query["sslmode"] == "require"
        if let schema, !schema.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            throw StoreError.invalid(field: "db", reason: "search_path '\(schema)' must be a plain schema name")
        }
    }
}
