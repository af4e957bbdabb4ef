import Foundation
import SwoopConfig
import SwoopModel

/// The sweep page's body: header (state, progress, best), charts, runs table and the scheduler's log.
///
/// Inputs come from the store: `sweepWithoutState(id:)`, `runs(sweep:sinceCursor:limit:)` paged from 0
/// until empty, and the scheduler's log, which is the log of the run whose id is the sweep id
/// (`logs(run: RunID(sweep.id.rawValue), from: max(0, logSize - 64 KiB), limit:)`; pass "" when there is none).
/// Each part is also available alone (`headerHTML`, `chartsHTML`, `runsTableHTML`, `logHTML`) for live updates.
public struct SweepReport: Sendable {
    public let dataset: SweepDataset
    public let query: RunsTableQuery
    public let schedulerLog: String
    public let links: ReportLinks
    public let options: SweepReportOptions
    public let now: Date

    public init(sweep: Sweep, runs: [Run], schedulerLog: String = "", query: RunsTableQuery = RunsTableQuery(),
                links: ReportLinks = ReportLinks(), options: SweepReportOptions = SweepReportOptions(), now: Date) {
        self.init(dataset: SweepDataset(sweep: sweep, runs: runs), schedulerLog: schedulerLog, query: query,
                  links: links, options: options, now: now)
    }

    /// From a dataset the caller keeps (e.g. cached between requests for the same sweep and cursor).
    public init(dataset: SweepDataset, schedulerLog: String = "", query: RunsTableQuery = RunsTableQuery(),
                links: ReportLinks = ReportLinks(), options: SweepReportOptions = SweepReportOptions(), now: Date) {
        self.dataset = dataset
        self.query = query
        self.schedulerLog = schedulerLog
        self.links = links
        self.options = options
        self.now = now
    }

    /// The whole body: every section in page order.
    public var html: String {
        "<div class=\"swoop-sweep\">" + headerHTML + chartsHTML + runsTableHTML + logHTML + "</div>"
    }

    // MARK: Sections

    public var headerHTML: String {
        let sweep = dataset.sweep
        let counts = dataset.stateCounts
        let done = dataset.runs.filter { $0.state.isTerminal }.count
        let alive = dataset.runs.count - done
        var out = "<section class=\"swoop-sweep-header\">"
        out += "<h1>\(Escape.xml(sweep.name ?? sweep.id.rawValue)) <span class=\"swoop-badge swoop-badge-\(sweep.state.rawValue)\">\(sweep.state.rawValue)</span></h1>"
        out += "<dl class=\"swoop-facts\">"
        out += fact("Sweep", sweep.id.rawValue)
        if let config = dataset.config { out += fact("Method", config.method.rawValue) }
        if let planned = dataset.plannedRuns {
            let pct = planned > 0 ? min(100, Int((Double(dataset.runs.count) / Double(planned) * 100).rounded(.down))) : 0
            out += "<dt>Progress</dt><dd><progress max=\"\(planned)\" value=\"\(min(planned, dataset.runs.count))\"></progress> "
                + "\(dataset.runs.count) of \(planned) runs (\(pct)%)</dd>"
        } else {
            out += fact("Runs", "\(dataset.runs.count)")
        }
        out += fact("Finished / alive", "\(done) / \(alive)")
        let stateText = RunState.allCases.compactMap { s in counts[s].map { "\(s.rawValue) \($0)" } }.joined(separator: ", ")
        if !stateText.isEmpty { out += fact("States", stateText) }
        if let spec = dataset.primary {
            if let b = dataset.bestIndex, let v = dataset.objectiveValues[0][b] {
                let run = dataset.runs[b]
                out += "<dt>Best \(Escape.xml(spec.name)) (\(spec.goal.rawValue))</dt><dd><strong>\(NumberFormat.short(v))</strong> "
                    + "in <a href=\"\(Escape.xml(links.run(run.id)))\">\(Escape.xml(run.name ?? run.id.rawValue))</a></dd>"
            } else {
                out += fact("Best \(spec.name) (\(spec.goal.rawValue))", "none yet")
            }
        }
        out += fact("Created", RunsTable.shortDate(sweep.createdAt))
        out += fact("Age", RunsTable.duration(now.timeIntervalSince(sweep.createdAt)))
        out += "</dl></section>"
        return out
    }

    public var runsTableHTML: String {
        "<section class=\"swoop-sweep-runs\"><h2>Runs</h2>" + RunsTable(dataset: dataset, query: query, links: links, now: now).html
            + "</section>"
    }

    public var logHTML: String {
        "<section class=\"swoop-sweep-log\"><h2>Scheduler log</h2>" + LogTail.html(schedulerLog, maxLines: options.logLines)
            + "</section>"
    }

    /// Best-so-far, parallel coordinates, importance, one scatter per parameter, and the Pareto front
    /// when the sweep has several objectives.
    public var chartsHTML: String {
        var out = "<section class=\"swoop-sweep-charts\"><h2>Charts</h2>"
        guard dataset.primary != nil else {
            return out + "<p class=\"swoop-empty\">The sweep names no metric, so there is nothing to chart.</p></section>"
        }
        out += figure(bestSoFarChart.svg)
        if let pareto = paretoChart { out += figure(pareto.svg) }
        out += figure(parallelCoordinatesChart.svg)
        out += figure(importanceChart.svg)
        out += "<div class=\"swoop-scatters\">"
        for chart in scatterCharts { out += figure(chart.svg) }
        out += "</div></section>"
        return out
    }

    // MARK: Charts

    /// The running best of the primary objective in run order, over min/max-bucketed per-run values.
    public var bestSoFarChart: LineChart {
        let spec = dataset.primary ?? MetricSpec(name: "metric")
        let values = dataset.objectiveValues.first ?? []
        let curve = Downsampling.bestSoFar(values.map { $0 ?? .nan }, goal: spec.goal, maxPoints: options.curvePoints)
        let raw = values.enumerated().compactMap { i, v in v.map { ChartPoint(x: Double(i + 1), y: $0) } }
        let dots = Downsampling.minMax(raw, buckets: max(1, options.curvePoints / 2))
        let note = dots.count < raw.count ? "dots: min/max of \(options.curvePoints / 2) buckets of \(raw.count) runs" : nil
        return LineChart(title: "Best \(spec.name) so far (\(spec.goal.rawValue))", xLabel: "run", yLabel: spec.name,
                         series: [ChartSeries(name: "run value", points: dots, style: .dots, color: "#9fb8d4"),
                                  ChartSeries(name: "best so far", points: curve, style: .step, color: ColorScale.palette[2])],
                         yScale: logScaleFits(raw.map(\.y)) ? .log : .linear, note: note)
    }

    public var parallelCoordinatesChart: ParallelCoordinatesChart {
        let spec = dataset.primary ?? MetricSpec(name: "metric")
        let metric = dataset.objectiveValues.first ?? []
        let withMetric = metric.indices.filter { metric[$0] != nil }
        let keep = Downsampling.topKPlusStratified(withMetric.map { metric[$0] }, goal: spec.goal, topK: options.topK,
                                                   limit: options.parallelLines).map { withMetric[$0] }
        let lines = keep.map { r in
            ParallelLine(values: dataset.parameters.indices.map { dataset.parameterPositions[r][$0] },
                         metric: metric[r]!, label: dataset.runs[r].name ?? dataset.runs[r].id.rawValue)
        }
        let axes = dataset.parameters.map { p in
            ParallelAxis(name: p.name, kind: p.isCategorical ? .categorical(p.categories) : .numeric(p.scale))
        }
        return ParallelCoordinatesChart(title: "Hyperparameters and \(spec.name)", axes: axes, metricName: spec.name,
                                        goal: spec.goal, lines: lines, note: sampleNote(keep.count, of: withMetric.count))
    }

    /// Importance of each parameter for the primary objective (random-forest impurity decrease).
    public var importance: [ParameterImportance.Score] {
        let metric = dataset.objectiveValues.first ?? []
        let rows = metric.indices.filter { metric[$0] != nil }
        let features = dataset.parameters.indices.map { p in
            ImportanceFeature(name: dataset.parameters[p].name, kind: dataset.parameters[p].isCategorical ? .categorical : .numeric,
                              values: rows.map { dataset.parameterPositions[$0][p] })
        }
        return ParameterImportance.compute(features: features, target: rows.map { metric[$0]! }, seed: options.seed,
                                           maxRows: options.importanceRows)
    }

    public var importanceChart: ImportanceChart {
        let spec = dataset.primary ?? MetricSpec(name: "metric")
        let n = (dataset.objectiveValues.first ?? []).compactMap { $0 }.count
        return ImportanceChart(title: "Parameter importance for \(spec.name)", importances: importance,
                               note: "random forest, mean decrease in impurity, \(min(n, options.importanceRows)) runs")
    }

    /// One chart per parameter: its value against the primary objective, the same sample of runs in each.
    public var scatterCharts: [ScatterChart] {
        let spec = dataset.primary ?? MetricSpec(name: "metric")
        let metric = dataset.objectiveValues.first ?? []
        let withMetric = metric.indices.filter { metric[$0] != nil }
        let keep = Downsampling.topKPlusStratified(withMetric.map { metric[$0] }, goal: spec.goal, topK: options.topK,
                                                   limit: options.scatterPoints).map { withMetric[$0] }
        let note = sampleNote(keep.count, of: withMetric.count)
        let yScale: AxisScale = logScaleFits(keep.map { metric[$0]! }) ? .log : .linear
        return dataset.parameters.indices.map { p in
            let param = dataset.parameters[p]
            let points = keep.compactMap { r -> ScatterPoint? in
                guard let x = dataset.parameterPositions[r][p] else { return nil }
                return ScatterPoint(x: x, y: metric[r]!, label: dataset.runs[r].name ?? dataset.runs[r].id.rawValue)
            }
            return ScatterChart(title: "\(spec.name) vs \(param.name)", xLabel: param.name, yLabel: spec.name, points: points,
                                xCategories: param.isCategorical ? param.categories : nil, xScale: param.scale,
                                yScale: yScale, note: note)
        }
    }

    /// The first two objectives with the front over every run; nil for single-objective sweeps.
    public var paretoChart: ParetoChart? {
        guard dataset.objectives.count >= 2 else { return nil }
        let (a, b) = (dataset.objectives[0], dataset.objectives[1])
        let rows = dataset.runs.indices.filter { dataset.objectiveValues[0][$0] != nil && dataset.objectiveValues[1][$0] != nil }
        let vectors = rows.map { [dataset.objectiveValues[0][$0]!, dataset.objectiveValues[1][$0]!] }
        // The front is computed over all runs; only the drawing of the dominated ones is sampled.
        let front = ParetoAnalysis.front(rows.map { r in dataset.objectives.indices.map { dataset.objectiveValues[$0][r] ?? .nan } },
                                         goals: dataset.objectives.map(\.goal))
        let onFront = Set(front)
        let others = rows.indices.filter { !onFront.contains($0) }
        let room = max(0, options.scatterPoints - onFront.count)
        let sampled = Downsampling.topKPlusStratified(others.map { vectors[$0][0] }, goal: a.goal, topK: 0, limit: room).map { others[$0] }
        let shown = (Array(onFront) + sampled).sorted()
        let points = shown.map { i in
            ScatterPoint(x: vectors[i][0], y: vectors[i][1], label: dataset.runs[rows[i]].name ?? dataset.runs[rows[i]].id.rawValue)
        }
        let extra = dataset.objectives.count > 2 ? "; front over all \(dataset.objectives.count) objectives" : ""
        var chart = ParetoChart(title: "Pareto front: \(a.name) vs \(b.name)", xLabel: "\(a.name) (\(a.goal.rawValue))",
                                yLabel: "\(b.name) (\(b.goal.rawValue))", xGoal: a.goal, yGoal: b.goal, points: points)
        chart.note = "\(onFront.count) on the front of \(rows.count) runs" + (shown.count < rows.count ? ", \(shown.count) drawn" : "") + extra
        if dataset.objectives.count > 2 { chart.frontMembers = shown.map { onFront.contains($0) } }
        return chart
    }

    // MARK: Helpers

    private func figure(_ svg: String) -> String { "<figure class=\"swoop-figure\">" + svg + "</figure>" }

    private func fact(_ term: String, _ value: String) -> String {
        "<dt>\(Escape.xml(term))</dt><dd>\(Escape.xml(value))</dd>"
    }

    private func sampleNote(_ shown: Int, of total: Int) -> String? {
        shown < total ? "\(shown) of \(total) runs: best \(min(options.topK, shown)) + stratified sample" : nil
    }

    /// A log scale when every value is positive and they span more than three decades (losses that collapse).
    private func logScaleFits(_ values: [Double]) -> Bool {
        guard let lo = values.min(), let hi = values.max(), lo > 0 else { return false }
        return hi / lo > 1000
    }
}
