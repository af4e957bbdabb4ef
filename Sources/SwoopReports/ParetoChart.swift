import SwoopConfig

/// Two objectives as a scatter with the Pareto front (the non-dominated runs) highlighted and joined.
public struct ParetoChart: Sendable, Hashable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xGoal: Goal
    public var yGoal: Goal
    /// Every run's two objective values; `highlight` is ignored, the front is computed from the goals.
    public var points: [ScatterPoint]
    public var width: Double
    public var height: Double
    public var note: String?
    /// When set (one flag per point), marks the front instead of computing it from the two objectives
    /// shown: with more than two objectives the front is decided in all of them.
    public var frontMembers: [Bool]?

    public init(title: String, xLabel: String, yLabel: String, xGoal: Goal, yGoal: Goal,
                points: [ScatterPoint], width: Double = 480, height: Double = 320, note: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xGoal = xGoal
        self.yGoal = yGoal
        self.points = points
        self.width = width
        self.height = height
        self.note = note
    }

    /// Indices into `points` of the non-dominated ones.
    public var frontIndices: [Int] {
        ParetoAnalysis.front(points.map { [$0.x, $0.y] }, goals: [xGoal, yGoal])
    }

    public var svg: String {
        let front = frontMembers.map { flags in Set(flags.indices.filter { flags[$0] }) } ?? Set(frontIndices)
        var marked = points
        for i in marked.indices { marked[i].highlight = front.contains(i) }
        let chart = ScatterChart(title: title, xLabel: xLabel, yLabel: yLabel, points: marked, width: width,
                                 height: height, note: note ?? "\(front.count) on the front, \(points.count) runs")
        return chart.render(kind: "pareto", connectHighlighted: true)
    }
}
