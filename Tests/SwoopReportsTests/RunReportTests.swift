import Foundation
import SwoopModel
import Testing
@testable import SwoopReports

@Suite struct RunReportTests {
    static func history(steps: Int) -> [MetricPoint] {
        var points = (0..<steps).map { (s: Int) -> MetricPoint in
            let loss: Double = 1 / Double(s + 1)
            let acc: Double = Double(s) / Double(steps)
            let values: [String: JSONValue] = ["loss": .double(loss), "acc": .double(acc), "_runtime": .double(Double(s)), "note": "text"]
            return MetricPoint(step: Int64(s), values: values)
        }
        // A late value for step 3 written after the others: it wins.
        points.append(MetricPoint(step: 3, values: ["loss": 42]))
        return points
    }

    @Test func oneChartPerLoggedMetricWithLateValuesMerged() {
        let series = RunReport.series(from: Self.history(steps: 10))
        #expect(series.keys.sorted() == ["acc", "loss"])
        #expect(series["loss"]?.first { $0.x == 3 }?.y == 42)
        #expect(series["loss"]?.count == 10)
        let run = Fixtures.run(1, config: ["lr": ["value": 0.01], "model": ["value": ["depth": 3, "name": "<resnet>"]]],
                               summary: ["loss": 0.1], state: .running)
        let report = RunReport(run: run, history: Self.history(steps: 10), log: "epoch 1\n", now: Fixtures.t0.addingTimeInterval(120))
        #expect(report.metricCharts.map(\.title) == ["acc", "loss"])
        let xml = XMLCheck.parse(report.html)
        #expect(xml.isWellFormed, "\(xml.error ?? "")")
        #expect(xml.count("svg") == 2)
        #expect(xml.text.contains("model.depth"))
        #expect(xml.text.contains("<resnet>"))
        #expect(report.html.contains("&lt;resnet&gt;"))
        #expect(xml.text.contains("running now"))
        #expect(xml.text.contains("epoch 1"))
    }

    @Test func longHistoriesAreDownsampled() {
        let report = RunReport(run: Fixtures.run(1, config: [:], summary: [:]), history: Self.history(steps: 20_000),
                               options: RunReportOptions(maxPointsPerChart: 300), now: Fixtures.t0)
        for chart in report.metricCharts {
            #expect(chart.series.allSatisfy { $0.points.count <= 300 })
            #expect(chart.note?.contains("of 20000 points") == true)
        }
        // loss falls from 1 to 5e-5 (and the late 42): over three decades, so a log axis.
        #expect(report.metricCharts.first { $0.title == "loss" }?.yScale == .log)
        #expect(report.metricCharts.first { $0.title == "acc" }?.yScale == .linear)
    }

    @Test func timelineOrdersEventsWithDurations() {
        var run = Fixtures.run(2, config: [:], summary: [:], state: .stopped)
        run.stopRequestedAt = run.createdAt.addingTimeInterval(20)
        let html = RunReport(run: run, history: [], now: Fixtures.t0).timelineHTML
        let order = ["created (queued)", "started", "stop requested", "stopped"].map { html.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        #expect(html.contains("(+19s)"))
        #expect(XMLCheck.parse(html).isWellFormed)
    }

    @Test func logTailKeepsTheLastLinesWithoutTerminalCodes() {
        let log = (1...500).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let tail = LogTail.tail(log, maxLines: 3)
        #expect(tail == "line 498\nline 499\nline 500")
        #expect(LogTail.stripANSI("\u{1B}[1;32mok\u{1B}[0m \u{1B}]0;title\u{07}done") == "ok done")
        #expect(LogTail.stripANSI("progress 10%\rprogress 90%") == "progress 90%")
        let cut = LogTail.tail(String(repeating: "é", count: 100), maxBytes: 51)
        #expect(cut == String(repeating: "é", count: 25))
        #expect(LogTail.html("").contains("no log yet"))
    }
}
