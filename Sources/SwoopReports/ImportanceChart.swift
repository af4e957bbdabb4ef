/// Horizontal bars: each hyperparameter's importance for the metric (fractions summing to one).
public struct ImportanceChart: Sendable, Hashable {
    public var title: String
    public var importances: [ParameterImportance.Score]
    public var width: Double
    public var note: String?

    public init(title: String, importances: [ParameterImportance.Score], width: Double = 480, note: String? = nil) {
        self.title = title
        self.importances = importances
        self.width = width
        self.note = note
    }

    public var height: Double { 40 + Double(max(1, importances.count)) * 22 + 12 }

    public var svg: String {
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(width / 2, 16, title, anchor: .middle, size: 13, bold: true)
        if let note { canvas.text(width - 8, 30, note, anchor: .end, size: 10, fill: "#777777") }
        let labelWidth = 140.0, barLeft = labelWidth + 8, barMax = width - barLeft - 56
        let top = 40.0
        let maxValue = max(importances.map(\.importance).max() ?? 0, 1e-12)
        for (i, s) in importances.enumerated() {
            let y = top + Double(i) * 22
            canvas.text(labelWidth, y + 12, ChartFrame.clip(s.name, 22), anchor: .end)
            let w = barMax * s.importance / maxValue
            canvas.rect(barLeft, y + 2, w, 14, fill: ColorScale.palette[0],
                        title: "\(s.name): \(NumberFormat.short(s.importance))")
            canvas.text(barLeft + w + 4, y + 12, NumberFormat.short((s.importance * 1000).rounded() / 10) + "%")
        }
        if importances.isEmpty {
            canvas.text(width / 2, top + 14, "not enough finished runs yet", anchor: .middle, fill: "#777777")
        }
        return canvas.finish(title: title, kind: "importance")
    }
}
