import Foundation
import SwoopModel
import SwoopSearch
import Testing
@testable import SwoopReports

@Suite struct SweepReportTests {
    static let optimizers = ["adam", "sgd", "<rms&prop>"]

    /// `count` runs of `Fixtures.config`; loss falls with the run index, every seventh run still running.
    static func runs(_ count: Int, seed: UInt64 = 1) -> [Run] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { i in
            let lr = pow(10, -4 + 3 * rng.uniform())
            let opt = optimizers[i % 3]
            let state: RunState = i % 7 == 6 ? .running : (i % 11 == 10 ? .failed : .finished)
            let summary: JSONValue = state == .finished ? ["loss": .double(abs(log10(lr) + 2.5) + Double(i % 3) * 0.1)] : [:]
            return Fixtures.run(i, config: ["lr": ["value": .double(lr)], "layers": ["value": .int(i % 8 + 1)],
                                           "optimizer": ["value": .string(opt)], "epochs": ["value": 10]],
                                summary: summary, state: state, name: i == 4 ? "<img src=x onerror=alert(1)>" : nil)
        }
    }

    static func report(_ runs: [Run], query: String = "", log: String = "") -> SweepReport {
        SweepReport(sweep: Fixtures.sweep(Fixtures.config), runs: runs, schedulerLog: log, query: RunsTableQuery(query: query),
                    links: ReportLinks(pagePath: "/sweeps/sw1", runPathPrefix: "/runs/"), now: Fixtures.t0.addingTimeInterval(3600))
    }

    @Test func fragmentIsWellFormedAndEscapesUserText() {
        let html = Self.report(Self.runs(40), log: "starting <scheduler>\n\u{1B}[31mred\u{1B}[0m done\n").html
        let xml = XMLCheck.parse(html)
        #expect(xml.isWellFormed, "\(xml.error ?? "")")
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&lt;rms&amp;prop&gt;"))
        #expect(xml.text.contains("red done"))
        #expect(!html.contains("\u{1B}"))
        #expect(xml.count("svg") == 3 + 3)  // best-so-far, parallel, importance, three scatters
    }

    @Test func headerShowsStateProgressAndBest() {
        let runs = Self.runs(40)
        let report = Self.report(runs)
        let best = report.dataset.bestIndex!
        let bestLoss = runs.compactMap { SweepDataset.metric("loss", in: $0.summary) }.min()!
        #expect(report.dataset.objectiveValues[0][best] == bestLoss)
        let header = report.headerHTML
        #expect(header.contains("running"))
        #expect(header.contains("40 of 100 runs (40%)"))
        #expect(header.contains(NumberFormat.short(bestLoss)))
        #expect(header.contains("/runs/\(report.dataset.runs[best].id.rawValue)"))
    }

    @Test func tableHasParameterAndMetricColumnsAndDefaultsToBestFirst() {
        let report = Self.report(Self.runs(40))
        let table = RunsTable(dataset: report.dataset, query: report.query, links: report.links, now: report.now)
        let html = table.html
        for column in ["Run", "State", "loss ↓", "layers", "lr", "optimizer", "Runtime", "Created"] {
            #expect(html.contains(">\(column)"), "column \(column)")
        }
        #expect(!html.contains(">epochs<"), "constants are not columns")
        let losses = table.orderedRows.map { report.dataset.objectiveValues[0][$0] }
        let present = losses.prefix { $0 != nil }.map { $0! }
        #expect(present == present.sorted())
        #expect(losses.drop { $0 != nil }.allSatisfy { $0 == nil }, "runs without the metric come last")
        #expect(html.contains("aria-sort=\"ascending\""))
    }

    @Test func sortingByAParameterAndFlippingOrderThroughQueryParameters() {
        let runs = Self.runs(40)
        let asc = Self.report(runs, query: "sort=param%3Alayers")
        let table = RunsTable(dataset: asc.dataset, query: asc.query, now: asc.now)
        let layers = table.orderedRows.map { asc.dataset.parameterValues[$0][0]!.number! }
        #expect(layers == layers.sorted())
        // The header link of the active column flips the order.
        #expect(table.html.contains("sort=param%3Alayers&amp;order=desc"))
        let desc = Self.report(runs, query: "sort=param%3Alayers&order=desc")
        let back = RunsTable(dataset: desc.dataset, query: desc.query, now: desc.now).orderedRows
        #expect(back.map { desc.dataset.parameterValues[$0][0]!.number! } == layers.sorted(by: >))
    }

    @Test func filteringByStateAndPaging() {
        let runs = Self.runs(200)
        let running = Self.report(runs, query: "state=running&per_page=10")
        let table = RunsTable(dataset: running.dataset, query: running.query, now: running.now)
        let expected = runs.filter { $0.state == .running }.count
        #expect(table.orderedRows.count == expected)
        #expect(table.orderedRows.allSatisfy { running.dataset.runs[$0].state == .running })
        let html = table.html
        #expect(html.components(separatedBy: "<tr class=\"swoop-run ").count - 1 == 10)
        #expect(html.contains("of \(expected)"))
        #expect(html.contains("rel=\"next\""))
        #expect(!html.contains("rel=\"prev\""))
        #expect(html.contains("state=running&amp;page=2&amp;per_page=10"))
        #expect(html.contains("class=\"swoop-active\">running ("))
        let last = Self.report(runs, query: "state=running&per_page=10&page=99")
        let lastHTML = RunsTable(dataset: last.dataset, query: last.query, now: last.now).html
        #expect(lastHTML.contains("rel=\"prev\""))
        #expect(!lastHTML.contains("rel=\"next\""))
    }

    @Test func malformedQueriesFallBackToDefaults() {
        let q = RunsTableQuery(query: "?sort=&order=sideways&state=nope,finished&page=-3&per_page=100000&x=%ZZ")
        #expect(q.sort == nil)
        #expect(q.order == nil)
        #expect(q.states == [.finished])
        #expect(q.page == 1)
        #expect(q.perPage == RunsTableQuery.maxPerPage)
        let unknownColumn = Self.report(Self.runs(10), query: "sort=param%3Anope")
        #expect(RunsTable(dataset: unknownColumn.dataset, query: unknownColumn.query, now: unknownColumn.now).sortColumn == "metric")
        let roundTrip = RunsTableQuery(query: RunsTableQuery(sort: "param:a b", order: .desc, states: [.running, .failed], page: 3).queryString)
        #expect(roundTrip == RunsTableQuery(sort: "param:a b", order: .desc, states: [.running, .failed], page: 3))
    }

    @Test func tenThousandRunsStayBounded() {
        let html = Self.report(Self.runs(10_000)).html
        let xml = XMLCheck.parse(html)
        #expect(xml.isWellFormed)
        let options = SweepReportOptions()
        #expect(xml.count("tr") <= RunsTableQuery.defaultPerPage + 1)
        // Three scatters of at most `scatterPoints` dots, and the best-so-far dots (min/max buckets).
        #expect(xml.count("circle") <= 3 * options.scatterPoints + options.curvePoints + 2)
        #expect(xml.count("path") <= options.parallelLines + 2)
        #expect(html.utf8.count < 400_000, "sweep page \(html.utf8.count) bytes")
    }

    @Test func multiObjectiveSweepsGetAParetoChart() throws {
        var config = Fixtures.config
        if case .object(var o) = config {
            o["metric"] = nil
            o["method"] = "custom"
            o["metrics"] = [["name": "loss", "goal": "minimize"], ["name": "acc", "goal": "maximize"]]
            config = .object(o)
        }
        let runs = (0..<30).map { i in
            Fixtures.run(i, config: ["lr": .double(0.001), "layers": 2, "optimizer": "adam"],
                         summary: ["loss": .double(Double(i % 10)), "acc": .double(Double(i % 10) * 0.1 - Double(i / 10) * 0.05)])
        }
        let report = SweepReport(sweep: Fixtures.sweep(config), runs: runs, now: Fixtures.t0)
        #expect(report.dataset.config != nil)
        let chart = try #require(report.paretoChart)
        #expect(chart.frontIndices.count == 10)
        let xml = XMLCheck.parse(report.chartsHTML)
        #expect(xml.isWellFormed)
        #expect(report.chartsHTML.contains("swoop-chart-pareto"))
    }

    @Test func configThatNoLongerValidatesStillRendersFromRunConfigs() {
        let sweep = Fixtures.sweep(["method": "nonsense", "metric": ["name": "loss"]])
        let runs = (0..<12).map { Fixtures.run($0, config: ["a": .int($0), "opt": ["name": .string("x\($0 % 2)")]], summary: ["loss": .double(Double($0))]) }
        let report = SweepReport(sweep: sweep, runs: runs, now: Fixtures.t0)
        #expect(report.dataset.config == nil)
        #expect(report.dataset.parameters.map(\.name) == ["a", "opt.name"])
        #expect(report.dataset.objectives.map(\.name) == ["loss"])
        #expect(report.dataset.parameters[1].isCategorical)
        #expect(XMLCheck.parse(report.html).isWellFormed)
    }

    @Test func sweepWithoutRunsOrMetric() {
        let empty = Self.report([])
        #expect(XMLCheck.parse(empty.html).isWellFormed)
        #expect(empty.html.contains("No runs yet"))
        let noMetric = SweepReport(sweep: Fixtures.sweep(["method": "random", "parameters": ["a": ["values": [1, 2]]]]), runs: [], now: Fixtures.t0)
        #expect(noMetric.chartsHTML.contains("names no metric"))
        #expect(XMLCheck.parse(noMetric.html).isWellFormed)
    }
}
