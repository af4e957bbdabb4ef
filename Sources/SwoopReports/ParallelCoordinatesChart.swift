import SwoopConfig

/// One vertical axis per hyperparameter plus one for the metric; each run is a line coloured by its metric
/// (bright = better), the best drawn on top.
public struct ParallelCoordinatesChart: Sendable, Hashable {
    public var title: String
    public var axes: [ParallelAxis]
    public var metricName: String
    /// Decides which end of the colour ramp is "better"; nil colours low values dark.
    public var goal: Goal?
    public var lines: [ParallelLine]
    public var width: Double
    public var height: Double
    public var note: String?

    public init(title: String, axes: [ParallelAxis], metricName: String, goal: Goal?, lines: [ParallelLine],
                width: Double = 960, height: Double = 340, note: String? = nil) {
        self.title = title
        self.axes = axes
        self.metricName = metricName
        self.goal = goal
        self.lines = lines
        self.width = width
        self.height = height
        self.note = note
    }

    public var svg: String {
        let top = 62.0, bottom = height - 34, left = 50.0, right = width - 50
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(width / 2, 16, title, anchor: .middle, size: 13, bold: true)
        if let note { canvas.text(right, 28, note, anchor: .end, size: 10, fill: "#777777") }
        let count = axes.count + 1
        let xs = (0..<count).map { count == 1 ? (left + right) / 2 : left + (right - left) * Double($0) / Double(count - 1) }
        var scales: [ScaleMap] = []
        for (i, axis) in axes.enumerated() {
            switch axis.kind {
            case .numeric(let scale):
                scales.append(ScaleMap(values: lines.compactMap { $0.values.count > i ? $0.values[i] : nil },
                                       scale: scale, from: bottom, to: top))
            case .categorical(let names):
                scales.append(ScaleMap(lo: -0.5, hi: Double(max(1, names.count)) - 0.5, scale: .linear, from: bottom, to: top))
            }
        }
        let metrics = lines.map(\.metric)
        let metricScale = ScaleMap(values: metrics, scale: .linear, from: bottom, to: top)
        scales.append(metricScale)
        // Worst first, so the best lines end up on top.
        let order = lines.indices.sorted { better(lines[$1].metric, than: lines[$0].metric) }
        for li in order {
            let line = lines[li]
            var points: [(Double, Double)] = []
            var segments: [[(Double, Double)]] = []
            for a in 0..<count {
                let v: Double? = a < axes.count ? (a < line.values.count ? line.values[a] : nil) : line.metric
                if let v, scales[a].accepts(v) {
                    points.append((xs[a], scales[a](v)))
                } else {
                    segments.append(points)
                    points = []
                }
            }
            segments.append(points)
            let color = ColorScale.ramp(quality(line.metric, scale: metricScale))
            for seg in segments where seg.count >= 2 {
                canvas.path(seg, stroke: color, width: 1, opacity: 0.6, title: line.label)
            }
        }
        for a in 0..<count {
            let x = xs[a]
            canvas.line(x, top, x, bottom, stroke: "#333333")
            let name = a < axes.count ? axes[a].name : metricName
            canvas.text(x, top - 18, ChartFrame.clip(name, 18), anchor: .middle, bold: a == axes.count)
            if a < axes.count, case .categorical(let names) = axes[a].kind {
                for (ci, n) in names.enumerated() {
                    canvas.text(x + 4, scales[a](Double(ci)) + 3.5, ChartFrame.clip(n, 12), fill: "#222222")
                }
            } else {
                let s = scales[a]
                for t in [s.lo, s.hi] {
                    canvas.text(x, s(t) + (t == s.lo ? 13 : -5), NumberFormat.short(t), anchor: .middle, size: 10, fill: "#222222")
                }
            }
        }
        if lines.isEmpty {
            canvas.text(width / 2, height / 2, "no finished runs with the metric yet", anchor: .middle, fill: "#777777")
        }
        return canvas.finish(title: title, kind: "parallel")
    }

    private func better(_ a: Double, than b: Double) -> Bool {
        goal == .maximize ? a > b : a < b
    }

    /// 0 for the worst metric in view, 1 for the best.
    private func quality(_ m: Double, scale: ScaleMap) -> Double {
        let t = (m - scale.lo) / (scale.hi - scale.lo)
        return goal == .minimize ? 1 - t : t
    }
}
