/// Limits and choices for the run page.
public struct RunReportOptions: Sendable, Hashable {
    /// Most points per metric chart (LTTB beyond that).
    public var maxPointsPerChart: Int
    /// Lines of the log tail shown.
    public var logLines: Int
    /// Metrics drawn on a log y axis; nil decides per metric (positive values spanning over three decades).
    public var logScaleKeys: Set<String>?

    public init(maxPointsPerChart: Int = 500, logLines: Int = 200, logScaleKeys: Set<String>? = nil) {
        self.maxPointsPerChart = maxPointsPerChart
        self.logLines = logLines
        self.logScaleKeys = logScaleKeys
    }
}
