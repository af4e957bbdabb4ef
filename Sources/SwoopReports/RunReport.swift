import Foundation
import SwoopModel

/// The run page's body: header, one chart per logged metric over steps, config and summary tables,
/// the state timeline and the log tail.
///
/// Inputs come from the store: `run(id:)`; the history from `metrics(run:since:limit:)` read from cursor 0
/// until `nextCursor` stops moving; the log tail from `logs(run:from: max(0, run.logSize - 64 KiB), limit:)`
/// with the chunks' text joined.
public struct RunReport: Sendable {
    public let run: Run
    public let history: [MetricPoint]
    public let log: String
    public let links: ReportLinks
    public let options: RunReportOptions
    public let now: Date

    public init(run: Run, history: [MetricPoint], log: String = "", links: ReportLinks = ReportLinks(),
                options: RunReportOptions = RunReportOptions(), now: Date) {
        self.run = run
        self.history = history
        self.log = log
        self.links = links
        self.options = options
        self.now = now
    }

    public var html: String {
        "<div class=\"swoop-run-page\">" + headerHTML + metricChartsHTML + timelineHTML + configHTML + summaryHTML + logHTML + "</div>"
    }

    public var headerHTML: String {
        var out = "<section class=\"swoop-run-header\"><h1>\(Escape.xml(run.name ?? run.id.rawValue)) "
            + "<span class=\"swoop-badge swoop-badge-\(run.state.rawValue)\">\(run.state.rawValue)</span></h1><dl class=\"swoop-facts\">"
        out += "<dt>Run</dt><dd>\(Escape.xml(run.id.rawValue))</dd>"
        if let sweep = run.sweepID { out += "<dt>Sweep</dt><dd>\(Escape.xml(sweep.rawValue))</dd>" }
        if let code = run.exitCode { out += "<dt>Exit code</dt><dd>\(code)</dd>" }
        if let message = run.errorMessage { out += "<dt>Error</dt><dd class=\"swoop-error\">\(Escape.xml(message))</dd>" }
        return out + "</dl></section>"
    }

    /// Each numeric metric's values by step (later writes of a step win), keys starting with `_` left out.
    public static func series(from history: [MetricPoint]) -> [String: [ChartPoint]] {
        var byKey: [String: [Int64: Double]] = [:]
        for point in history {
            for (key, value) in point.values where !key.hasPrefix("_") {
                guard let v = value.number ?? value.boolValue.map({ $0 ? 1 : 0 }) else { continue }
                byKey[key, default: [:]][point.step] = v
            }
        }
        return byKey.mapValues { steps in steps.keys.sorted().map { ChartPoint(x: Double($0), y: steps[$0]!) } }
    }

    /// One chart per metric, in key order, each at most `maxPointsPerChart` points (LTTB).
    public var metricCharts: [LineChart] {
        let all = Self.series(from: history)
        return all.keys.sorted().map { key in
            let points = all[key]!
            let shown = Downsampling.lttb(points, threshold: options.maxPointsPerChart)
            let finite = points.map(\.y).filter(\.isFinite)
            let log = options.logScaleKeys.map { $0.contains(key) }
                ?? ((finite.min() ?? 0) > 0 && (finite.max() ?? 0) / (finite.min() ?? 1) > 1000)
            let note = shown.count < points.count ? "\(shown.count) of \(points.count) points (LTTB)" : nil
            return LineChart(title: key, xLabel: "step", yLabel: key, series: [ChartSeries(name: key, points: shown)],
                             yScale: log ? .log : .linear, width: 480, height: 260, note: note)
        }
    }

    public var metricChartsHTML: String {
        let charts = metricCharts
        var out = "<section class=\"swoop-run-metrics\"><h2>Metrics</h2>"
        if charts.isEmpty { return out + "<p class=\"swoop-empty\">No metrics logged yet.</p></section>" }
        out += "<div class=\"swoop-charts\">"
        for c in charts { out += "<figure class=\"swoop-figure\">" + c.svg + "</figure>" }
        return out + "</div></section>"
    }

    public var configHTML: String {
        "<section class=\"swoop-run-config\"><h2>Config</h2>" + Self.keyValueTable(Self.flatten(run.config, unwrapValue: true)) + "</section>"
    }

    public var summaryHTML: String {
        "<section class=\"swoop-run-summary\"><h2>Summary</h2>" + Self.keyValueTable(Self.flatten(run.summary, unwrapValue: false)) + "</section>"
    }

    /// When the run was created, started, asked to stop and ended, with the time between.
    public var timelineHTML: String {
        var events: [(String, Date)] = [("created (queued)", run.createdAt)]
        if let s = run.startedAt { events.append(("started", s)) }
        if let s = run.stopRequestedAt { events.append(("stop requested", s)) }
        if let e = run.endedAt {
            events.append((run.state.rawValue, e))
        } else if run.state.isTerminal {
            events.append((run.state.rawValue, run.updatedAt))
        } else {
            events.append(("\(run.state.rawValue) now", now))
        }
        events.sort { $0.1 < $1.1 }
        var out = "<section class=\"swoop-run-timeline\"><h2>Timeline</h2><ol class=\"swoop-timeline\">"
        for (i, (name, date)) in events.enumerated() {
            let since = i == 0 ? "" : " (+" + RunsTable.duration(date.timeIntervalSince(events[i - 1].1)) + ")"
            out += "<li><time datetime=\"\(date.ISO8601Format())\">\(RunsTable.shortDate(date))</time> \(Escape.xml(name))\(since)</li>"
        }
        return out + "</ol></section>"
    }

    public var logHTML: String {
        "<section class=\"swoop-run-log\"><h2>Log</h2>" + LogTail.html(log, maxLines: options.logLines) + "</section>"
    }

    /// Leaf key paths and values, sorted by path; W&B's `{"key": {"value": v}}` unwrapped at the top.
    static func flatten(_ value: JSONValue, unwrapValue: Bool) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        func visit(_ v: JSONValue, _ path: String, _ depth: Int) {
            if case .object(let o) = v, !o.isEmpty, depth < 8 {
                if unwrapValue, depth == 1, o.count == 1, let inner = o["value"] { visit(inner, path, depth + 1); return }
                for k in o.keys.sorted() { visit(o[k]!, path.isEmpty ? k : path + "." + k, depth + 1) }
            } else if !path.isEmpty {
                out.append((path, v))
            }
        }
        visit(value, "", 0)
        return out
    }

    static func keyValueTable(_ rows: [(String, JSONValue)]) -> String {
        if rows.isEmpty { return "<p class=\"swoop-empty\">Empty.</p>" }
        var out = "<table class=\"swoop-kv\"><tbody>"
        for (k, v) in rows {
            out += "<tr><th scope=\"row\">\(Escape.xml(k))</th><td>\(Escape.xml(NumberFormat.cell(v)))</td></tr>"
        }
        return out + "</tbody></table>"
    }
}
