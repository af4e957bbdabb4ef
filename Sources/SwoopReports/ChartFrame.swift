/// The plotting rectangle of a chart with room for axes, and the painting of titles, axes and ticks.
struct ChartFrame: Sendable {
    var width: Double
    var height: Double
    var left: Double = 56
    var right: Double = 16
    var top: Double = 28
    var bottom: Double = 40

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    /// A frame with room under the title for a note when there is one.
    init(width: Double, height: Double, hasNote: Bool = false) {
        self.width = width
        self.height = height
        if hasNote { top = 42 }
    }

    func xScale(_ values: [Double], _ scale: AxisScale) -> ScaleMap {
        ScaleMap(values: values, scale: scale, from: plotLeft, to: plotRight)
    }

    func yScale(_ values: [Double], _ scale: AxisScale) -> ScaleMap {
        ScaleMap(values: values, scale: scale, from: plotBottom, to: plotTop)
    }

    /// Title, grid, both axes with ticks and labels. `xCategories` labels integer positions instead of ticks.
    func paint(on canvas: inout SVGCanvas, title: String, x: ScaleMap, y: ScaleMap, xLabel: String, yLabel: String,
               xCategories: [String]? = nil) {
        canvas.text(width / 2, 16, title, anchor: .middle, size: 13, bold: true)
        for t in y.ticks() {
            let py = y(t)
            canvas.line(plotLeft, py, plotRight, py, stroke: "#e5e5e5")
            canvas.text(plotLeft - 4, py + 3.5, NumberFormat.short(t), anchor: .end)
        }
        if let xCategories {
            for (i, name) in xCategories.enumerated() {
                let px = x(Double(i))
                canvas.line(px, plotBottom, px, plotBottom + 4, stroke: "#555555")
                canvas.text(px, plotBottom + 15, Self.clip(name, 14), anchor: .middle)
            }
        } else {
            for t in x.ticks() {
                let px = x(t)
                canvas.line(px, plotBottom, px, plotBottom + 4, stroke: "#555555")
                canvas.text(px, plotBottom + 15, NumberFormat.short(t), anchor: .middle)
            }
        }
        canvas.line(plotLeft, plotBottom, plotRight, plotBottom, stroke: "#555555")
        canvas.line(plotLeft, plotTop, plotLeft, plotBottom, stroke: "#555555")
        canvas.text((plotLeft + plotRight) / 2, height - 6, xLabel, anchor: .middle)
        canvas.text(12, (plotTop + plotBottom) / 2, yLabel, anchor: .middle, rotate: -90)
    }

    /// A note under the title (what was sampled or left out), in grey.
    func note(on canvas: inout SVGCanvas, _ text: String?) {
        guard let text, !text.isEmpty else { return }
        canvas.text(plotRight, 32, text, anchor: .end, size: 10, fill: "#777777")
    }

    static func clip(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }
}
