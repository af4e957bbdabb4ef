import Foundation
import SwoopModel

/// The runs table's view as query parameters: `sort`, `order`, `state`, `page`, `per_page`.
///
/// `sort` is `name`, `state`, `created`, `runtime`, `metric` (primary objective), `metric:<name>` or
/// `param:<name>`; `state` is a comma-separated list (or repeated). Unknown or malformed values fall back
/// to the defaults rather than failing: a hand-edited URL still shows a page.
public struct RunsTableQuery: Sendable, Hashable {
    public enum Order: String, Sendable, Hashable {
        case asc, desc
    }

    /// Nil sorts by the primary objective, best first (or newest first without one).
    public var sort: String?
    /// Nil means the column's natural order: best first for objectives, ascending otherwise.
    public var order: Order?
    /// Empty shows every state.
    public var states: Set<RunState>
    /// 1-based.
    public var page: Int
    public var perPage: Int

    public static let defaultPerPage = 50
    public static let maxPerPage = 500

    public init(sort: String? = nil, order: Order? = nil, states: Set<RunState> = [], page: Int = 1,
                perPage: Int = RunsTableQuery.defaultPerPage) {
        self.sort = sort
        self.order = order
        self.states = states
        self.page = max(1, page)
        self.perPage = min(Self.maxPerPage, max(1, perPage))
    }

    /// Reads the parameters this type knows from decoded query items (other names are ignored).
    public init(items: [(name: String, value: String)]) {
        self.init()
        for (name, value) in items {
            switch name {
            case "sort": sort = value.isEmpty ? nil : value
            case "order": order = Order(rawValue: value)
            case "state":
                for part in value.split(separator: ",") {
                    if let s = RunState(rawValue: String(part)) { states.insert(s) }
                }
            case "page": page = max(1, Int(value) ?? 1)
            case "per_page": perPage = min(Self.maxPerPage, max(1, Int(value) ?? Self.defaultPerPage))
            default: break
            }
        }
    }

    /// Reads a raw query string (`sort=param%3Alr&order=desc`, with or without the leading `?`).
    public init(query: String) {
        let raw = query.hasPrefix("?") ? String(query.dropFirst()) : query
        let items = raw.split(separator: "&").map { pair -> (name: String, value: String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
        self.init(items: items)
    }

    /// The query string for this view (leading `?`), leaving defaults out so links stay short.
    public var queryString: String {
        var parts: [String] = []
        if let sort { parts.append("sort=" + Escape.query(sort)) }
        if let order { parts.append("order=" + order.rawValue) }
        if !states.isEmpty { parts.append("state=" + Escape.query(states.map(\.rawValue).sorted().joined(separator: ","))) }
        if page != 1 { parts.append("page=\(page)") }
        if perPage != Self.defaultPerPage { parts.append("per_page=\(perPage)") }
        return parts.isEmpty ? "?" : "?" + parts.joined(separator: "&")
    }

    /// This view sorted by `column`; sorting by the current column again flips the order. Back to page 1.
    public func sorted(by column: String, naturalOrder: Order) -> RunsTableQuery {
        var q = self
        let current = order ?? naturalOrder
        if sort == column {
            q.order = current == .asc ? .desc : .asc
        } else {
            q.sort = column
            q.order = nil
        }
        if q.order == naturalOrder { q.order = nil }
        q.page = 1
        return q
    }

    /// This view showing only `states` (empty: all), back to page 1.
    public func filtered(_ states: Set<RunState>) -> RunsTableQuery {
        var q = self
        q.states = states
        q.page = 1
        return q
    }

    public func onPage(_ page: Int) -> RunsTableQuery {
        var q = self
        q.page = max(1, page)
        return q
    }
}
