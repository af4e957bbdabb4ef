/// One run in a parallel-coordinates chart: a value per axis (nil when the run lacks it) and its metric.
public struct ParallelLine: Sendable, Hashable {
    /// Numeric values, or category indices for categorical axes; aligned with the chart's axes.
    public var values: [Double?]
    public var metric: Double
    public var label: String?

    public init(values: [Double?], metric: Double, label: String? = nil) {
        self.values = values
        self.metric = metric
        self.label = label
    }
}
