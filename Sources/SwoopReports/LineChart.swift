/// A chart of one or more series over a numeric x axis (steps, run order), optionally on log scales.
public struct LineChart: Sendable, Hashable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ChartSeries]
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var width: Double
    public var height: Double
    /// Shown in grey under the title, e.g. "1,000 of 25,000 points (LTTB)".
    public var note: String?

    public init(title: String, xLabel: String, yLabel: String, series: [ChartSeries], xScale: AxisScale = .linear,
                yScale: AxisScale = .linear, width: Double = 640, height: Double = 300, note: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xScale = xScale
        self.yScale = yScale
        self.width = width
        self.height = height
        self.note = note
    }

    /// The chart as a standalone `<svg>` element.
    public var svg: String {
        let frame = ChartFrame(width: width, height: height, hasNote: note != nil)
        let all = series.flatMap(\.points)
        let x = frame.xScale(all.map(\.x), xScale)
        let y = frame.yScale(all.map(\.y), yScale)
        var canvas = SVGCanvas(width: width, height: height)
        frame.paint(on: &canvas, title: title, x: x, y: y, xLabel: xLabel, yLabel: yLabel)
        frame.note(on: &canvas, note)
        for (i, s) in series.enumerated() {
            let color = s.color ?? ColorScale.palette[i % ColorScale.palette.count]
            Self.draw(s, color: color, x: x, y: y, on: &canvas)
        }
        if series.count > 1 {
            for (i, s) in series.enumerated() {
                let color = s.color ?? ColorScale.palette[i % ColorScale.palette.count]
                let ly = frame.plotTop + 10 + Double(i) * 14
                canvas.rect(frame.plotLeft + 8, ly - 8, 10, 10, fill: color)
                canvas.text(frame.plotLeft + 22, ly, ChartFrame.clip(s.name, 40))
            }
        }
        if all.isEmpty {
            canvas.text(width / 2, height / 2, "no data yet", anchor: .middle, fill: "#777777")
        }
        return canvas.finish(title: title, kind: "line")
    }

    /// Draws one series; points a scale cannot show (non-finite, or not positive on a log scale) break the line.
    static func draw(_ s: ChartSeries, color: String, x: ScaleMap, y: ScaleMap, on canvas: inout SVGCanvas) {
        if s.style == .dots {
            canvas.beginGroup(fill: color, opacity: 0.6)
            for p in s.points where x.accepts(p.x) && y.accepts(p.y) {
                canvas.circle(x(p.x), y(p.y), r: 2, fill: nil)
            }
            canvas.endGroup()
            return
        }
        var run: [(Double, Double)] = []
        func flush() {
            canvas.path(run, stroke: color, title: s.name)
            if run.count == 1 { canvas.circle(run[0].0, run[0].1, r: 2, fill: color) }
            run.removeAll(keepingCapacity: true)
        }
        for p in s.points {
            guard x.accepts(p.x), y.accepts(p.y) else { flush(); continue }
            let px = x(p.x), py = y(p.y)
            if s.style == .step, let last = run.last { run.append((px, last.1)) }
            run.append((px, py))
        }
        flush()
    }
}
