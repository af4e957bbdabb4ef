/// Dots of one hyperparameter (x) against the metric (y); a categorical x puts each value at its index.
public struct ScatterChart: Sendable, Hashable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var points: [ScatterPoint]
    /// Names of categorical x values; point `x` is then the index into this list.
    public var xCategories: [String]?
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var width: Double
    public var height: Double
    public var note: String?

    public init(title: String, xLabel: String, yLabel: String, points: [ScatterPoint], xCategories: [String]? = nil,
                xScale: AxisScale = .linear, yScale: AxisScale = .linear, width: Double = 320, height: Double = 240,
                note: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
        self.xCategories = xCategories
        self.xScale = xScale
        self.yScale = yScale
        self.width = width
        self.height = height
        self.note = note
    }

    public var svg: String { render(kind: "scatter", connectHighlighted: false) }

    /// Shared with the Pareto chart, which also joins its highlighted (front) points.
    func render(kind: String, connectHighlighted: Bool) -> String {
        var frame = ChartFrame(width: width, height: height, hasNote: note != nil)
        frame.left = 50
        var canvas = SVGCanvas(width: width, height: height)
        let x: ScaleMap
        if let xCategories {
            x = ScaleMap(lo: -0.5, hi: Double(max(1, xCategories.count)) - 0.5, scale: .linear,
                         from: frame.plotLeft, to: frame.plotRight)
        } else {
            x = frame.xScale(points.map(\.x), xScale)
        }
        let y = frame.yScale(points.map(\.y), yScale)
        frame.paint(on: &canvas, title: title, x: x, y: y, xLabel: xLabel, yLabel: yLabel, xCategories: xCategories)
        frame.note(on: &canvas, note)
        var front: [(Double, Double)] = []
        canvas.beginGroup(fill: ColorScale.palette[0], opacity: 0.55)
        for (i, p) in points.enumerated() where x.accepts(p.x) && y.accepts(p.y) {
            // Categorical values are jittered deterministically so equal values do not hide each other.
            let jitter = xCategories == nil ? 0 : Double((i &* 7919) % 21 - 10) / 10 * 0.2
            let px = x(p.x + jitter), py = y(p.y)
            if p.highlight {
                front.append((x(p.x), py))
            } else {
                canvas.circle(px, py, r: 2.5, fill: nil, title: p.label)
            }
        }
        canvas.endGroup()
        if connectHighlighted {
            canvas.path(front.sorted { $0.0 < $1.0 }, stroke: ColorScale.palette[2], width: 1.5)
        }
        for p in points where p.highlight && x.accepts(p.x) && y.accepts(p.y) {
            canvas.circle(x(p.x), y(p.y), r: 4, fill: ColorScale.palette[2], stroke: "#ffffff", title: p.label)
        }
        if points.isEmpty {
            canvas.text(width / 2, height / 2, "no data yet", anchor: .middle, fill: "#777777")
        }
        return canvas.finish(title: title, kind: kind)
    }
}
