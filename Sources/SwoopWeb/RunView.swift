import Foundation
import SwoopModel

/// The run page's live fragment (pure): state and timeline, metric charts, summary, config, log tail.
struct RunView: Sendable {
    let run: Run
    let points: [MetricPoint]
    let logTail: String
    let now: Date

    var html: String {
        """
        <section class="run-head" data-state="\(run.state.rawValue)">
        <h1>\(HTML.escape(run.name ?? run.id.rawValue)) \(HTML.state(run.state.rawValue))</h1>
        <p class="meta"><code>\(HTML.escape(run.id.rawValue))</code>\(run.exitCode.map { " · exit code \($0)" } ?? "")\(run.errorMessage.map { " · <span class=\"error\">\(HTML.escape($0))</span>" } ?? "")</p>
        </section>
        <section><h2>Timeline</h2>\(timeline)</section>
        \(charts)
        <section class="two"><div><h2>Summary</h2>\(keyValues(run.summary))</div><div><h2>Config</h2>\(keyValues(run.config))</div></section>
        <section><h2>Log</h2><pre class="log run-log">\(HTML.escape(logTail.isEmpty ? "(no output yet)" : logTail))</pre></section>
        """
    }

    var timeline: String {
        var rows: [[String]] = [["created", HTML.time(run.createdAt)]]
        if let t = run.startedAt { rows.append(["started", HTML.time(t)]) }
        if let t = run.stopRequestedAt { rows.append(["stop requested", HTML.time(t)]) }
        if let t = run.endedAt { rows.append(["ended (\(run.state.rawValue))", HTML.time(t)]) }
        rows.append(["last change", HTML.time(run.updatedAt)])
        return HTML.table(["event", "time"], rows, attributes: "class=\"timeline\"")
    }

    /// The metric charts (SwoopReports' run fragment, once merged in); until then, each metric's last value.
    var charts: String {
        var last: [String: (Int64, JSONValue)] = [:]
        for p in points { for (k, v) in p.values { last[k] = (p.step, v) } }
        let rows = last.keys.sorted().map { k in [HTML.escape(k), String(last[k]!.0), HTML.json(last[k]!.1)] }
        return "<section class=\"metrics\"><h2>Metrics</h2>" + (rows.isEmpty ? "<p>No metrics yet.</p>" : HTML.table(["metric", "last step", "value"], rows)) + "</section>"
    }

    func keyValues(_ v: JSONValue) -> String {
        guard let o = v.objectValue, !o.isEmpty else { return "<p>–</p>" }
        return HTML.table(["key", "value"], o.keys.sorted().map { [HTML.escape($0), HTML.json(o[$0]!)] }, attributes: "class=\"kv\"")
    }
}
