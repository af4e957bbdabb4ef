import Foundation

/// Opens the store named by the server's `--db` option and brings its schema up to date.
public enum StoreFactory {
    /// The file the embedded store uses inside the data folder when no `--db` is given.
    public static let defaultFileName = "swoop.sqlite"

    /// `nil` or empty: `<dataDirectory>/swoop.sqlite`; `sqlite:///abs/path` or a plain path: that SQLite file
    /// (relative paths are inside `dataDirectory`); `postgres://user:pass@host:port/db`: PostgreSQL.
    public static func open(url: String?, dataDirectory: URL) async throws -> any Store {
        let store: any Store
        switch try location(url: url, dataDirectory: dataDirectory) {
        case .sqlite(let path):
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            store = try SQLiteStore(path: path)
        case .postgres(let pg):
            store = PostgresStore(url: pg)
        }
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Where a `--db` value points, without opening anything.
    public enum Location: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(PostgresURL)
    }

    public static func location(url: String?, dataDirectory: URL) throws -> Location {
        let text = (url ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            return .sqlite(path: dataDirectory.appendingPathComponent(defaultFileName).path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return .postgres(try PostgresURL(text))
        }
        var path = text
        if text.hasPrefix("sqlite://") {
            path = String(text.dropFirst("sqlite://".count))
            guard path.hasPrefix("/") else {
                throw StoreError.invalid(field: "db", reason: "use sqlite:///absolute/path (three slashes) or a plain path")
            }
        } else if text.contains("://") {
            throw StoreError.invalid(field: "db", reason: "unknown database URL '\(text)' (sqlite:///path, a path, or postgres://...)")
        }
        if !path.hasPrefix("/") { path = dataDirectory.appendingPathComponent(path).path }
        return .sqlite(path: path)
    }
}
