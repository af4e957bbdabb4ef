import Foundation
import SwoopModel

/// The sweep page's live fragment (pure): heading with state, progress, best value and buttons; the
/// runs table (sortable, filter by state; hyperparameters and metrics as columns); the scheduler's log.
struct SweepView: Sendable {
    let sweep: Sweep
    let runs: [Run]
    let overview: SweepOverview
    let schedulerLog: String
    let buttons: String
    let now: Date

    var html: String {
        let title = sweep.name ?? sweep.id.rawValue
        let best = overview.best.map { v in
            "best \(HTML.escape(overview.metric?.name ?? "")) = <strong class=\"best\">\(HTML.number(v))</strong>"
                + (overview.bestRun.map { " (" + HTML.link($0.rawValue, "/runs/\($0)") + ")" } ?? "")
        } ?? "no result yet"
        return """
            <section class="sweep-head" data-state="\(sweep.state.rawValue)">
            <h1>\(HTML.escape(title)) \(HTML.state(sweep.state.rawValue))</h1>
            <p class="meta"><code>\(HTML.escape(sweep.id.rawValue))</code> · \(HTML.escape(overview.config?.method.rawValue ?? "?")) · \(HTML.escape(overview.progress)) · \(best) · created \(HTML.age(sweep.createdAt, now: now))</p>
            <p class="actions">\(buttons)</p>
            </section>
            \(reports)
            \(runsTable)
            <section><h2>Scheduler log</h2><pre class="log scheduler-log">\(HTML.escape(schedulerLog.isEmpty ? "(no output yet)" : schedulerLog))</pre></section>
            """
    }

    /// The charts (SwoopReports' sweep fragment, once merged in).
    var reports: String { "" }

    var runsTable: String {
        let params = Set(runs.flatMap { $0.config.objectValue?.keys.map { $0 } ?? [] }).sorted()
        let metricNames: [String] = {
            var names = (overview.config?.metrics ?? []).map(\.name)
            if let m = overview.config?.metric?.name, !names.contains(m) { names.insert(m, at: 0) }
            return names
        }()
        var head = "<th data-sort=\"text\">run</th><th data-sort=\"text\">state</th>"
        head += params.map { "<th data-sort=\"num\">\(HTML.escape($0))</th>" }.joined()
        head += metricNames.map { "<th data-sort=\"num\" class=\"metric\">\(HTML.escape($0))</th>" }.joined()
        head += "<th data-sort=\"num\">created</th>"
        let rows = runs.map { run -> String in
            var cells = "<td>\(HTML.link(run.name ?? run.id.rawValue, "/runs/\(run.id)"))</td><td>\(HTML.state(run.state.rawValue))</td>"
            for p in params { cells += cell(run.config[p]) }
            for m in metricNames { cells += cell(run.summary[m]) }
            cells += "<td data-value=\"\(Int64(run.createdAt.timeIntervalSince1970 * 1000))\">\(HTML.age(run.createdAt, now: now))</td>"
            return "<tr data-state=\"\(run.state.rawValue)\">\(cells)</tr>"
        }.joined(separator: "\n")
        let states = RunState.allCases.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }.joined()
        return """
            <section><h2>Runs <small>(\(runs.count))</small></h2>
            <p><label>Show <select data-filter="runs"><option value="">all states</option>\(states)</select></label></p>
            <table class="runs sortable" data-table="runs"><thead><tr>\(head)</tr></thead><tbody>
            \(rows)
            </tbody></table></section>
            """
    }

    private func cell(_ v: JSONValue?) -> String {
        guard let v else { return "<td></td>" }
        if let n = v.number { return "<td data-value=\"\(n.isFinite ? String(n) : "")\">\(HTML.number(n))</td>" }
        return "<td>\(HTML.json(v))</td>"
    }
}
