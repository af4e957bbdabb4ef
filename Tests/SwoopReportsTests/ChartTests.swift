import Foundation
import SwoopConfig
import Testing
@testable import SwoopReports

@Suite struct ChartTests {
    static let hostile = "<script>alert('x')</script> & \"quoted\" \u{07}bell"

    @Test func lineChartIsWellFormedAndEscapesText() {
        let chart = LineChart(title: Self.hostile, xLabel: "step & x", yLabel: "<y>",
                              series: [ChartSeries(name: Self.hostile, points: (0..<50).map { ChartPoint(x: Double($0), y: sin(Double($0))) }),
                                       ChartSeries(name: "second", points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 10, y: .nan), ChartPoint(x: 20, y: 2)],
                                                   style: .step)],
                              note: "a < b")
        let svg = chart.svg
        let xml = XMLCheck.parse(svg)
        #expect(xml.isWellFormed, "\(xml.error ?? "")")
        #expect(!svg.contains("<script>"))
        #expect(xml.text.contains("<script>alert('x')</script> & \"quoted\" \u{FFFD}bell"))
        #expect(xml.count("svg") == 1)
        // The second series is broken by its NaN into two single points, drawn as dots.
        #expect(xml.count("path") == 1)
        #expect(xml.count("circle") == 2)
    }

    @Test func logScaleLeavesOutNonPositiveValuesAndTicksPowersOfTen() {
        let points = [ChartPoint(x: 0, y: 0), ChartPoint(x: 1, y: 1e-4), ChartPoint(x: 2, y: 1), ChartPoint(x: 3, y: 100)]
        let svg = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "s", points: points)], yScale: .log).svg
        let xml = XMLCheck.parse(svg)
        #expect(xml.isWellFormed)
        #expect(xml.text.contains("0.0001") || xml.text.contains("1e-04"))
        #expect(xml.text.contains("100"))
        // The zero breaks the line: the three positive points form one path of three vertices.
        #expect(svg.contains("<path d=\"M"))
        let ticks = ScaleMap(lo: 1e-4, hi: 100, scale: .log, from: 0, to: 1).ticks()
        #expect(ticks.allSatisfy { v in let e = log10(v); return abs(e - e.rounded()) < 1e-9 })
        #expect(ticks.count >= 3)
    }

    @Test func scatterWithCategoricalAxisLabelsEveryCategory() {
        let cats = ["adam", "<sgd>", "rms&prop"]
        let points = (0..<30).map { ScatterPoint(x: Double($0 % 3), y: Double($0), label: "run \($0) <b>") }
        let svg = ScatterChart(title: "loss vs optimizer", xLabel: "optimizer", yLabel: "loss", points: points, xCategories: cats).svg
        let xml = XMLCheck.parse(svg)
        #expect(xml.isWellFormed, "\(xml.error ?? "")")
        #expect(xml.count("circle") == 30)
        for c in cats { #expect(xml.text.contains(c)) }
    }

    @Test func parallelCoordinatesDrawsOneAxisPerParameterPlusTheMetric() {
        let axes = [ParallelAxis(name: "lr", kind: .numeric(.log)), ParallelAxis(name: "opt\"<", kind: .categorical(["a", "b"])),
                    ParallelAxis(name: "layers", kind: .numeric(.linear))]
        let lines = (0..<10).map { (i: Int) -> ParallelLine in
            let lr: Double = pow(10, -Double(i % 4))
            let layers: Double? = i == 3 ? nil : Double(i)
            return ParallelLine(values: [lr, Double(i % 2), layers], metric: Double(i), label: "r\(i)")
        }
        let chart = ParallelCoordinatesChart(title: "p", axes: axes, metricName: "loss", goal: .minimize, lines: lines)
        let xml = XMLCheck.parse(chart.svg)
        #expect(xml.isWellFormed, "\(xml.error ?? "")")
        #expect(xml.count("line") == 4)
        #expect(xml.text.contains("opt\"<"))
        // Nine complete lines are one path each; the run missing `layers` splits into two pieces, one of
        // which (the metric axis alone) has a single vertex and is not drawn.
        #expect(xml.count("path") == 10)
    }

    @Test func importanceChartHasOneBarPerParameter() {
        let scores = [ParameterImportance.Score(name: "lr", importance: 0.7), ParameterImportance.Score(name: "<x>", importance: 0.3)]
        let xml = XMLCheck.parse(ImportanceChart(title: "imp", importances: scores).svg)
        #expect(xml.isWellFormed)
        #expect(xml.count("rect") == 3)  // background + two bars
        #expect(xml.text.contains("70%"))
        #expect(xml.text.contains("<x>"))
    }

    @Test func paretoChartHighlightsTheFront() {
        // Minimize both: (1,5), (2,2), (5,1) are the front; (3,3) and (4,4) are dominated by (2,2).
        let pts = [(1.0, 5.0), (3, 3), (2, 2), (4, 4), (5, 1)].map { ScatterPoint(x: $0.0, y: $0.1, label: "p") }
        let chart = ParetoChart(title: "front", xLabel: "a", yLabel: "b", xGoal: .minimize, yGoal: .minimize, points: pts)
        #expect(chart.frontIndices == [0, 2, 4])
        let svg = chart.svg
        let xml = XMLCheck.parse(svg)
        #expect(xml.isWellFormed)
        #expect(xml.count("circle") == 5)
        #expect(svg.components(separatedBy: "r=\"4\"").count - 1 == 3)
        #expect(xml.count("path") == 1)
    }

    @Test func emptyChartsStillRender() {
        let charts = [
            LineChart(title: "e", xLabel: "x", yLabel: "y", series: []).svg,
            ScatterChart(title: "e", xLabel: "x", yLabel: "y", points: []).svg,
            ParallelCoordinatesChart(title: "e", axes: [], metricName: "m", goal: nil, lines: []).svg,
            ImportanceChart(title: "e", importances: []).svg,
            ParetoChart(title: "e", xLabel: "a", yLabel: "b", xGoal: .maximize, yGoal: .minimize, points: []).svg,
        ]
        for svg in charts {
            let xml = XMLCheck.parse(svg)
            #expect(xml.isWellFormed, "\(xml.error ?? "")")
        }
    }

    @Test func escapingCoversMarkupQuotesAndControlCharacters() {
        #expect(Escape.xml("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(Escape.xml("tab\tnl\nnul\u{0}") == "tab\tnl\nnul\u{FFFD}")
        #expect(Escape.xml("plain ✓") == "plain ✓")
        #expect(Escape.query("param:a b/é") == "param%3Aa%20b%2F%C3%A9")
    }

    @Test func numberFormatKeepsCoordinatesShort() {
        #expect(NumberFormat.coordinate(12.34) == "12.3")
        #expect(NumberFormat.coordinate(-0.04) == "0")
        #expect(NumberFormat.coordinate(-0.06) == "-0.1")
        #expect(NumberFormat.coordinate(-2.5) == "-2.5")
        #expect(NumberFormat.coordinate(3) == "3")
        #expect(NumberFormat.short(0.000123456) == "0.0001235")
        #expect(NumberFormat.short(250) == "250")
    }
}
