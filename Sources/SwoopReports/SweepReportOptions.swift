/// Limits that keep the sweep page small whatever the number of runs.
public struct SweepReportOptions: Sendable, Hashable {
    /// Most lines in the parallel-coordinates chart: the best `topK` plus a stratified sample of the rest.
    public var parallelLines: Int
    /// Most dots per scatter (and in the Pareto chart).
    public var scatterPoints: Int
    /// Runs always drawn, best first, before sampling the rest.
    public var topK: Int
    /// Most points in the best-so-far curve and in the per-run value dots behind it (min/max buckets).
    public var curvePoints: Int
    /// Lines of the scheduler's log shown.
    public var logLines: Int
    /// Most runs the importance forest is fitted on (a seeded sample beyond that).
    public var importanceRows: Int
    /// Seed of the importance forest.
    public var seed: UInt64

    public init(parallelLines: Int = 300, scatterPoints: Int = 400, topK: Int = 50, curvePoints: Int = 200,
                logLines: Int = 200, importanceRows: Int = 2000, seed: UInt64 = 0) {
        self.parallelLines = parallelLines
        self.scatterPoints = scatterPoints
        self.topK = topK
        self.curvePoints = curvePoints
        self.logLines = logLines
        self.importanceRows = importanceRows
        self.seed = seed
    }
}
