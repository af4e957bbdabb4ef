import SwoopModel

/// Where the fragments link to; the web layer decides its URL layout.
public struct ReportLinks: Sendable, Hashable {
    /// The page the fragment is on, before its query string (empty: links are bare `?...` queries).
    public var pagePath: String
    /// Run links are this prefix followed by the run id (`/runs/` gives `/runs/ab12cd34`).
    public var runPathPrefix: String
    /// Markup per run for a last column of the runs table (the web app's Stop buttons), already escaped
    /// by whoever made it; nil leaves the column out, as static reports do.
    public var runActions: [RunID: String]?

    public init(pagePath: String = "", runPathPrefix: String = "/runs/", runActions: [RunID: String]? = nil) {
        self.pagePath = pagePath
        self.runPathPrefix = runPathPrefix
        self.runActions = runActions
    }

    public func run(_ id: RunID) -> String { runPathPrefix + Escape.query(id.rawValue) }

    public func page(_ query: RunsTableQuery) -> String { pagePath + query.queryString }
}
