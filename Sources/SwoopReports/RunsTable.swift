import Foundation
import SwoopConfig
import SwoopModel

/// The sweep page's runs table: hyperparameters and objectives as columns, sortable by header links,
/// filtered by state, one page of rows rendered (the rest reachable by pager links).
public struct RunsTable: Sendable {
    public let dataset: SweepDataset
    public let query: RunsTableQuery
    public let links: ReportLinks
    public let now: Date

    public init(dataset: SweepDataset, query: RunsTableQuery, links: ReportLinks = ReportLinks(), now: Date) {
        self.dataset = dataset
        self.query = query
        self.links = links
        self.now = now
    }

    /// The column being sorted by (`metric` or `created` when the query names none or an unknown one).
    public var sortColumn: String {
        if let s = query.sort, key(for: s) != nil { return s }
        return dataset.primary == nil ? "created" : "metric"
    }

    /// Runs (indices into `dataset.runs`) that pass the state filter, in the table's order.
    public var orderedRows: [Int] {
        let column = sortColumn
        let key = key(for: column)!
        let ascending = (query.order ?? naturalOrder(column)) == .asc
        let rows = dataset.runs.indices.filter { query.states.isEmpty || query.states.contains(dataset.runs[$0].state) }
        let keys = rows.map { key($0) }
        let order = rows.indices.sorted { a, b in
            switch (keys[a], keys[b]) {
            case let (x?, y?):
                if x == y { return a < b }
                return ascending ? x < y : y < x
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a < b
            }
        }
        return order.map { rows[$0] }
    }

    public var pageCount: Int { max(1, (orderedRows.count + query.perPage - 1) / query.perPage) }

    public var html: String {
        let rows = orderedRows
        let pages = max(1, (rows.count + query.perPage - 1) / query.perPage)
        let page = min(query.page, pages)
        let slice = rows.dropFirst((page - 1) * query.perPage).prefix(query.perPage)
        var out = "<div class=\"swoop-runs\">"
        out += stateFilter()
        out += "<table class=\"swoop-runs-table\"><thead><tr>"
        out += header("name", "Run")
        out += header("state", "State")
        for (i, spec) in dataset.objectives.enumerated() {
            out += header(i == 0 ? "metric" : "metric:" + spec.name, spec.name + (spec.goal == .minimize ? " ↓" : " ↑"),
                          cssClass: "swoop-metric")
        }
        for p in dataset.parameters { out += header("param:" + p.name, p.name, cssClass: "swoop-param") }
        out += header("runtime", "Runtime")
        out += header("created", "Created")
        if links.runActions != nil { out += "<th class=\"swoop-actions\"></th>" }
        out += "</tr></thead><tbody>"
        for r in slice {
            let run = dataset.runs[r]
            out += "<tr class=\"swoop-run swoop-state-\(run.state.rawValue)\">"
            out += "<td><a href=\"\(Escape.xml(links.run(run.id)))\">\(Escape.xml(run.name ?? run.id.rawValue))</a></td>"
            out += "<td><span class=\"swoop-badge swoop-badge-\(run.state.rawValue)\">\(run.state.rawValue)</span></td>"
            for o in dataset.objectives.indices {
                out += "<td class=\"swoop-num\">\(dataset.objectiveValues[o][r].map(NumberFormat.short) ?? "")</td>"
            }
            for p in dataset.parameters.indices {
                out += "<td>\(Escape.xml(NumberFormat.cell(dataset.parameterValues[r][p])))</td>"
            }
            out += "<td class=\"swoop-num\">\(runtime(run).map(Self.duration) ?? "")</td>"
            out += "<td><time datetime=\"\(run.createdAt.ISO8601Format())\">\(Self.shortDate(run.createdAt))</time></td>"
            if let actions = links.runActions { out += "<td class=\"swoop-actions\">\(actions[run.id] ?? "")</td>" }
            out += "</tr>"
        }
        if slice.isEmpty {
            let span = 4 + dataset.objectives.count + dataset.parameters.count + (links.runActions == nil ? 0 : 1)
            out += "<tr><td colspan=\"\(span)\" class=\"swoop-empty\">No runs\(query.states.isEmpty ? "" : " in this state") yet.</td></tr>"
        }
        out += "</tbody></table>"
        out += pager(page: page, pages: pages, total: rows.count, shown: slice.count)
        out += "</div>"
        return out
    }

    private func naturalOrder(_ column: String) -> RunsTableQuery.Order {
        if column == "created" { return .desc }
        if let spec = objective(column) { return spec.goal == .minimize ? .asc : .desc }
        return .asc
    }

    private func objective(_ column: String) -> MetricSpec? {
        if column == "metric" { return dataset.primary }
        if column.hasPrefix("metric:") {
            let name = String(column.dropFirst(7))
            return dataset.objectives.first { $0.name == name }
        }
        return nil
    }

    /// A sortable key per run for `column`; nil when the column is unknown.
    private func key(for column: String) -> ((Int) -> SortKey?)? {
        let runs = dataset.runs
        switch column {
        case "name": return { .text(runs[$0].name ?? runs[$0].id.rawValue) }
        case "state": return { .text(runs[$0].state.rawValue) }
        case "created": return { .number(runs[$0].createdAt.timeIntervalSince1970) }
        case "runtime": return { runtime(runs[$0]).map(SortKey.number) }
        default:
            if let spec = objective(column), let o = dataset.objectives.firstIndex(of: spec) {
                return { dataset.objectiveValues[o][$0].map(SortKey.number) }
            }
            if column.hasPrefix("param:"), let p = dataset.parameters.firstIndex(where: { "param:" + $0.name == column }) {
                return { r in
                    guard let v = dataset.parameterValues[r][p] else { return nil }
                    if let n = v.number { return .number(n) }
                    return .text(NumberFormat.cell(v))
                }
            }
            return nil
        }
    }

    private func runtime(_ run: Run) -> Double? {
        guard let start = run.startedAt else { return nil }
        return (run.endedAt ?? (run.state.isTerminal ? run.updatedAt : now)).timeIntervalSince(start)
    }

    private func header(_ column: String, _ title: String, cssClass: String? = nil) -> String {
        let natural = naturalOrder(column)
        let active = column == sortColumn
        let current = query.order ?? natural
        var base = query
        base.sort = sortColumn
        let target = base.sorted(by: column, naturalOrder: natural)
        var attrs = cssClass.map { " class=\"\($0)\"" } ?? ""
        if active { attrs += " aria-sort=\"\(current == .asc ? "ascending" : "descending")\"" }
        let arrow = active ? (current == .asc ? " ▲" : " ▼") : ""
        return "<th\(attrs)><a href=\"\(Escape.xml(links.page(target)))\">\(Escape.xml(title))\(arrow)</a></th>"
    }

    private func stateFilter() -> String {
        let counts = dataset.stateCounts
        var out = "<nav class=\"swoop-state-filter\">"
        let all = query.states.isEmpty
        out += "<a href=\"\(Escape.xml(links.page(query.filtered([]))))\"\(all ? " class=\"swoop-active\"" : "")>all (\(dataset.runs.count))</a>"
        for state in RunState.allCases where counts[state, default: 0] > 0 || query.states.contains(state) {
            let active = query.states == [state]
            out += " <a href=\"\(Escape.xml(links.page(query.filtered([state]))))\"\(active ? " class=\"swoop-active\"" : "")>"
                + "\(state.rawValue) (\(counts[state, default: 0]))</a>"
        }
        return out + "</nav>"
    }

    private func pager(page: Int, pages: Int, total: Int, shown: Int) -> String {
        var out = "<nav class=\"swoop-pager\">"
        if page > 1 { out += "<a rel=\"prev\" href=\"\(Escape.xml(links.page(query.onPage(page - 1))))\">« previous</a> " }
        let first = total == 0 ? 0 : (page - 1) * query.perPage + 1
        out += "<span>runs \(first)–\(first + max(0, shown - 1)) of \(total) · page \(page) of \(pages)</span>"
        if page < pages { out += " <a rel=\"next\" href=\"\(Escape.xml(links.page(query.onPage(page + 1))))\">next »</a>" }
        return out + "</nav>"
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(max(0, seconds).rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(s % 60)s" }
        if s < 86_400 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        return "\(s / 86_400)d \(s % 86_400 / 3600)h"
    }

    static func shortDate(_ d: Date) -> String {
        let iso = d.ISO8601Format()
        // 2026-11-29T06:04:05Z -> 2026-11-29 06:04:05
        return String(iso.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}
